package plugintest

// Check returns why Run would refuse p, or nil.
func Check(p Plugin) error {
	_, err := p.withDefaults()
	return err
}
