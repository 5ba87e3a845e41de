package generator

// writeExports adds the machine-readable exports of the publication list.
func writeExports(site *Site, out *Output) error {
	return nil
}
