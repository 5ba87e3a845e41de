package generator

import (
	"bytes"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/orcidsite/orcidsite/orcid"
	"github.com/orcidsite/orcidsite/orcid/orcidtest"
)

// TestSnapshotOwnsNoInput checks that a decoded snapshot holds no
// reference to the file's bytes (ReadSnapshot reuses its buffers): every
// fixture decoded, its input overwritten, and compared with a decoding
// of an intact copy.
func TestSnapshotOwnsNoInput(t *testing.T) {
	for id, f := range orcidtest.Fixtures() {
		b, err := fixtureSnapshot(id, f).Marshal()
		if err != nil {
			t.Fatal(err)
		}
		want, err := decodeSnapshot(bytes.Clone(b))
		if err != nil {
			t.Fatal(err)
		}
		got, err := decodeSnapshot(b)
		if err != nil {
			t.Fatal(err)
		}
		for i := range b {
			b[i] = 'x'
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s: snapshot changed with its input (-want +got):\n%s", id, diff)
		}
	}
}

// TestReadSnapshotReusesBuffers reads snapshots of different sizes one
// after another, in several rounds so that reads reuse the buffers of
// earlier ones, and checks each against decodeSnapshot of the file.
func TestReadSnapshotReusesBuffers(t *testing.T) {
	fsys := fstest.MapFS{}
	fixtures := orcidtest.Fixtures()
	var order []orcid.ID
	for id, f := range fixtures {
		b, err := fixtureSnapshot(id, f).Marshal()
		if err != nil {
			t.Fatal(err)
		}
		fsys[SnapshotPath(id)] = &fstest.MapFile{Data: b}
		order = append(order, id)
	}
	for range 3 {
		for _, id := range order {
			want, err := decodeSnapshot(fsys[SnapshotPath(id)].Data)
			if err != nil {
				t.Fatal(err)
			}
			want.SortWorks()
			got, err := ReadSnapshot(fsys, id)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", id, diff)
			}
		}
	}
}
