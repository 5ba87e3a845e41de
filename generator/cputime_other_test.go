//go:build !unix

package generator

import (
	"testing"
	"time"
)

// cpuTime stands in for the process's CPU time where getrusage is not
// available: the benchmarks' CPU-s/op then report 0.
func cpuTime(testing.TB) time.Duration { return 0 }
