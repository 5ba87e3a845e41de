package orcid_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/orcidsite/orcidsite/orcid"
	"github.com/orcidsite/orcidsite/orcid/orcidtest"
)

// The example talks to the fake server; a real program passes the client
// from NewHTTPClientFromEnv and no base URL.
func Example() {
	srv := orcidtest.Start()
	defer srv.Close()
	srv.PutFixtures()

	ctx := context.Background()
	c := orcid.NewClient(srv.Client(), orcid.WithBaseURL(srv.URL))

	id, err := orcid.ParseID("https://orcid.org/0000-0002-7413-009x")
	if err != nil {
		log.Fatal(err)
	}
	rec, err := c.Record(ctx, id)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(rec.Person.Name.GivenNames, rec.Person.Name.FamilyName)

	// Full works for the preferred version of each group, in bulk.
	var codes []int64
	for _, g := range rec.ActivitiesSummary.Works.Group {
		if s, ok := g.Preferred(); ok {
			codes = append(codes, s.PutCode)
		}
	}
	works, errs, err := c.WorksBulk(ctx, id, codes)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(works), "works,", len(errs), "errors")

	// A merged record names its primary iD.
	_, err = c.Record(ctx, orcidtest.IDDeprecated)
	if de, ok := errors.AsType[*orcid.DeprecatedError](err); ok {
		fmt.Println("deprecated, now", de.New)
	}
	fmt.Println(c.Stats().Requests, "requests")
	// Output:
	// Siobhán O'Donnell
	// 2 works, 0 errors
	// deprecated, now 0000-0002-7413-0081
	// 3 requests
}
