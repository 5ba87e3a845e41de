package generator

import (
	"runtime"
	"slices"
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

// sortFuncParallel sorts s by cmp as slices.SortFunc does, its two halves
// on two goroutines, then merged. Elements cmp calls equal may end in
// another order than slices.SortFunc leaves them.
func sortFuncParallel[E any](s []E, cmp func(a, b E) int) {
	if len(s) < 2048 || runtime.GOMAXPROCS(0) < 2 {
		slices.SortFunc(s, cmp)
		return
	}
	mid := len(s) / 2
	var wg sync.WaitGroup
	wg.Go(func() { slices.SortFunc(s[:mid], cmp) })
	slices.SortFunc(s[mid:], cmp)
	wg.Wait()
	if cmp(s[mid-1], s[mid]) <= 0 {
		return // already in order
	}
	// Merge into s: the element written at k = i+j never lies beyond the
	// next unread one of the second half, at mid+j.
	a, b := slices.Clone(s[:mid]), s[mid:]
	i, j, k := 0, 0, 0
	for i < len(a) && j < len(b) {
		if cmp(b[j], a[i]) < 0 {
			s[k] = b[j]
			j++
		} else {
			s[k] = a[i]
			i++
		}
		k++
	}
	copy(s[k:], a[i:]) // what is left of b is in place
}
