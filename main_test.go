package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/orcidsite/orcidsite/generator"
	"github.com/orcidsite/orcidsite/orcid"
	"github.com/orcidsite/orcidsite/orcid/orcidtest"
)

var updateScripts = flag.Bool("update-scripts", false, "rewrite testdata/script/*.txtar cmp files with the actual output")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"orcidsite": func() {
			ctx, stop := signalContext()
			err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
			stop()
			os.Exit(exitCode(err, os.Stderr))
		},
	})
}

// TestScripts runs testdata/script/*.txtar: each script gets its own fake
// ORCID server holding orcidtest's fixtures, named by these variables:
//
//	ORCID_API_URL, ORCID_TOKEN_URL, ORCID_AUTHORIZE_URL  the fake server
//	LAB1, LAB2, LAB3                                     the lab fixture iDs
//	ID_UNICODE, ID_CHECKX, ID_NOWORKS, ID_MANYWORKS, ID_DEPRECATED,
//	ID_PRIMARY, ID_LOCKED, ID_DEACTIVATED                special records
//
// and these commands:
//
//	orcidrequests ENDPOINT N   the server counted N requests to ENDPOINT ("total" for all)
//	orcidreset                 reset the counters
//	orcidfault KEY VALUE       set a fault: 503ratio, 503burst, quotaafter, latency, reset, malformed
//	orcidtouch ID              mark a record as changed
//	orcidsnapshot DIR ID...    write the fixtures' snapshots into DIR/data/orcid
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           filepath.Join("testdata", "script"),
		UpdateScripts: *updateScripts,
		Setup: func(env *testscript.Env) error {
			srv := orcidtest.Start()
			srv.PutFixtures()
			env.Defer(srv.Close)
			env.Values["orcid"] = srv
			env.Values["faults"] = &orcidtest.Faults{}
			env.Setenv("ORCID_API_URL", srv.URL)
			env.Setenv("ORCID_TOKEN_URL", srv.TokenURL)
			env.Setenv("ORCID_AUTHORIZE_URL", srv.AuthorizeURL)
			for i, id := range orcidtest.LabIDs {
				env.Setenv(fmt.Sprintf("LAB%d", i+1), string(id))
			}
			for k, id := range map[string]orcid.ID{
				"ID_UNICODE": orcidtest.IDUnicode, "ID_CHECKX": orcidtest.IDCheckX, "ID_NOWORKS": orcidtest.IDNoWorks,
				"ID_MANYWORKS": orcidtest.IDManyWorks, "ID_DEPRECATED": orcidtest.IDDeprecated, "ID_PRIMARY": orcidtest.IDPrimary,
				"ID_LOCKED": orcidtest.IDLocked, "ID_DEACTIVATED": orcidtest.IDDeactivated,
			} {
				env.Setenv(k, string(id))
			}
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"orcidrequests": cmdORCIDRequests,
			"orcidreset": func(ts *testscript.TestScript, neg bool, args []string) {
				server(ts).ResetCounters()
			},
			"orcidfault":    cmdORCIDFault,
			"orcidtouch":    cmdORCIDTouch,
			"orcidsnapshot": cmdORCIDSnapshot,
			"freeport":      cmdFreePort, // cmd_serve_test.go
			"httpget":       cmdHTTPGet,  // cmd_serve_test.go
		},
	})
}

func server(ts *testscript.TestScript) *orcidtest.Server {
	return ts.Value("orcid").(*orcidtest.Server)
}

func cmdORCIDRequests(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: orcidrequests ENDPOINT N")
	}
	want, err := strconv.Atoi(args[1])
	ts.Check(err)
	got := server(ts).TotalRequests()
	if args[0] != "total" {
		got = server(ts).Requests(args[0])
	}
	if (got == want) == neg {
		ts.Fatalf("%s requests: got %d, want %s%d", args[0], got, map[bool]string{true: "not ", false: ""}[neg], want)
	}
}

func cmdORCIDFault(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: orcidfault KEY VALUE")
	}
	f := ts.Value("faults").(*orcidtest.Faults)
	v := args[1]
	atoi := func() int { n, err := strconv.Atoi(v); ts.Check(err); return n }
	switch args[0] {
	case "503ratio":
		r, err := strconv.ParseFloat(v, 64)
		ts.Check(err)
		f.Fail503Ratio = r
	case "503burst":
		f.Fail503Burst = atoi()
	case "quotaafter":
		f.QuotaAfter = atoi()
	case "latency":
		d, err := time.ParseDuration(v)
		ts.Check(err)
		f.Latency = d
	case "reset":
		f.ResetConn = v
	case "malformed":
		f.MalformedJSON = v
	default:
		ts.Fatalf("unknown fault %q", args[0])
	}
	server(ts).SetFaults(*f)
}

func cmdORCIDTouch(ts *testscript.TestScript, neg bool, args []string) {
	for _, a := range args {
		server(ts).Touch(orcid.MustParseID(a))
	}
}

// cmdORCIDSnapshot fetches fixtures from the fake server into a site's
// snapshot folder, as an earlier online build would have.
func cmdORCIDSnapshot(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: orcidsnapshot DIR ID...")
	}
	s := server(ts)
	dir := ts.MkAbs(args[0])
	c := orcid.NewClient(s.Client(), orcid.WithBaseURL(s.URL))
	for _, a := range args[1:] {
		id := orcid.MustParseID(a)
		snap, err := fetchSnapshot(context.Background(), c, id)
		ts.Check(err)
		_, err = generator.WriteSnapshot(dir, snap)
		ts.Check(err)
	}
}

// fetchSnapshot reads a record and its preferred full works.
func fetchSnapshot(ctx context.Context, c *orcid.Client, id orcid.ID) (*generator.Snapshot, error) {
	rec, err := c.Record(ctx, id)
	if err != nil {
		return nil, err
	}
	var codes []int64
	for _, g := range rec.ActivitiesSummary.Works.Group {
		if s, ok := g.Preferred(); ok {
			codes = append(codes, s.PutCode)
		}
	}
	works, _, err := c.WorksBulk(ctx, id, codes)
	if err != nil {
		return nil, err
	}
	snap := &generator.Snapshot{ORCID: id, Record: *rec}
	if rec.History != nil {
		snap.LastModified = rec.History.LastModifiedDate
	}
	for _, w := range works {
		snap.Works = append(snap.Works, w)
	}
	return snap, nil
}
