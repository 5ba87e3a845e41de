package generator

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// forEachChunk calls f on consecutive ranges [lo, hi) covering 0..n, on up
// to GOMAXPROCS goroutines at once. f must only touch what belongs to its
// range; the result is then the same as one call f(0, n).
func forEachChunk(n, chunk int, f func(lo, hi int)) {
	workers := min(runtime.GOMAXPROCS(0), (n+chunk-1)/chunk)
	if workers <= 1 {
		f(0, n)
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				lo := int(next.Add(int64(chunk))) - chunk
				if lo >= n {
					return
				}
				f(lo, min(lo+chunk, n))
			}
		})
	}
	wg.Wait()
}
