package generator

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSortFuncParallel compares sortFuncParallel with slices.SortFunc on
// lists below and above the size it splits at: random, already sorted,
// reversed and with many equal keys (compared by key only, so equal
// elements must keep none of their identity but the key).
func TestSortFuncParallel(t *testing.T) {
	type elem struct{ key, id int }
	byKey := func(a, b elem) int { return cmp.Compare(a.key, b.key) }
	strict := func(a, b elem) int { return cmp.Or(cmp.Compare(a.key, b.key), cmp.Compare(a.id, b.id)) }
	r := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 2, 2047, 2048, 2049, 5000, 30001} {
		for _, shape := range []string{"random", "sorted", "reversed", "few keys"} {
			s := make([]elem, n)
			for i := range s {
				switch shape {
				case "random":
					s[i].key = r.IntN(1 << 30)
				case "sorted":
					s[i].key = i
				case "reversed":
					s[i].key = n - i
				case "few keys":
					s[i].key = r.IntN(7)
				}
				s[i].id = i
			}
			want := slices.Clone(s)
			slices.SortFunc(want, strict)
			got := slices.Clone(s)
			sortFuncParallel(got, strict)
			if !slices.Equal(got, want) {
				t.Errorf("%d %s: strict order differs from slices.SortFunc", n, shape)
			}
			got = slices.Clone(s)
			sortFuncParallel(got, byKey)
			if !slices.IsSortedFunc(got, byKey) {
				t.Errorf("%d %s: not sorted by key", n, shape)
			}
			slices.SortFunc(got, strict) // the same elements
			if !slices.Equal(got, want) {
				t.Errorf("%d %s: elements lost or repeated", n, shape)
			}
		}
	}
}
