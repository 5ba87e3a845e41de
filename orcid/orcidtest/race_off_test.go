//go:build !race

package orcidtest

// raceEnabled reports whether the race detector slows the tests down.
const raceEnabled = false
