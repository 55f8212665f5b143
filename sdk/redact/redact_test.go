package redact

import "testing"

func TestStringHidesCredentials(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ name, in, want string }{
		{"nothing to hide", "dial tcp 127.0.0.1:6379: connect: connection refused", "dial tcp 127.0.0.1:6379: connect: connection refused"},
		{"password=", "127.0.0.1:6379,password=s3cret,db=0", "127.0.0.1:6379,password=***,db=0"},
		{"password:", "address password:s3cret: invalid port", "address password:***: invalid port"},
		{"upper case key", "PASSWORD=s3cret", "PASSWORD=***"},
		{"passwd", "passwd=s3cret end", "passwd=*** end"},
		{"prefixed key", "sentinel_password=s3cret", "sentinel_password=***"},
		{"secret", "client_secret: abc123 next", "client_secret: *** next"},
		{"token", "token=abc.def-ghi&x=1", "token=***&x=1"},
		{"api_key", "api_key=sk-123", "api_key=***"},
		{"apikey", "apikey=sk-123", "apikey=***"},
		{"access_key", "aws access_key=AKIA123 x", "aws access_key=*** x"},
		{"json string", `{"password":"s3 cret","db":0}`, `{"password":"***","db":0}`},
		{"json string with spaces", `"api_key": "sk-1"`, `"api_key": "***"`},
		{"escaped quotes", `"password": "a\"b", x`, `"password": "***", x`},
		{"single quotes", `password='s3 cret' x`, `password='***' x`},
		{"go quoted", `option "password=s3cret" is bad`, `option "password=***" is bad`},
		{"url userinfo", "redis://user:s3cret@host:6379/0", "redis://user:***@host:6379/0"},
		{"url userinfo in a message", `parse "rediss://:s3cret@h:1": bad`, `parse "rediss://:***@h:1": bad`},
		{"two secrets", "password=a token=b", "password=*** token=***"},
		{"key without a value", "password is required", "password is required"},
		{"already redacted", "password=***", "password=***"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := String(tc.in); got != tc.want {
				t.Errorf("String(%q) =\n  %q\nwant\n  %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestStringIsIdempotent(t *testing.T) {
	t.Parallel()
	for _, in := range []string{"password=x", "redis://u:p@h", `"token": "t"`, "plain"} {
		once := String(in)
		if twice := String(once); twice != once {
			t.Errorf("String(String(%q)) = %q, String once = %q", in, twice, once)
		}
	}
}

func FuzzStringNeverLeaksAPasswordValue(f *testing.F) {
	f.Add("password=", "s3cret")
	f.Add("password:", "s3cret")
	f.Add(`"password": "`, "s3cret")
	f.Fuzz(func(t *testing.T, prefix, value string) {
		if len(value) < 4 || !plainValue(value) {
			return
		}
		in := "x password=" + value + " y"
		if got := String(in); got != "x password=*** y" {
			t.Errorf("String(%q) = %q, want the value hidden", in, got)
		}
		_ = String(prefix + value) // must not panic
	})
}

func plainValue(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}
