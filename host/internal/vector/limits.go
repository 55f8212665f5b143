package vector

// Limits on filters from outside: they keep a hostile filter from
// exhausting the stack (deep nesting) or the CPU (a JSON filter is decoded
// once per level it is nested in).
const (
	// MaxFilterDepth is the deepest filter accepted: parentheses nested in
	// an expression, filters nested in a JSON filter, and levels of a
	// filter tree given to Typed. A comparison is one level.
	MaxFilterDepth = 64
	// MaxExprBytes is the longest filter expression ParseExpr accepts.
	MaxExprBytes = 64 << 10
	// MaxJSONFilterBytes is the longest JSON filter DecodeJSONFilter accepts.
	MaxJSONFilterBytes = 1 << 20
)
