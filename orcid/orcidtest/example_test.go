package orcidtest_test

import (
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/orcidsite/orcidsite/orcid"
	"github.com/orcidsite/orcidsite/orcid/orcidtest"
)

// Start a server holding the standard fixtures, read a record with plain
// net/http, then make the next request fail with a 503.
func ExampleStart() {
	s := orcidtest.Start()
	defer s.Close()
	s.PutFixtures()

	get := func(path string) (*http.Response, error) {
		req, _ := http.NewRequest(http.MethodGet, s.URL+path, nil)
		req.Header.Set("Accept", "application/json") // without it the server answers XML, like ORCID
		return s.Client().Do(req)
	}
	resp, err := get("/" + string(orcidtest.IDLabPI) + "/record")
	if err != nil {
		panic(err)
	}
	var rec orcid.Record
	_ = json.NewDecoder(resp.Body).Decode(&rec)
	resp.Body.Close()
	fmt.Println(rec.Person.Name.GivenNames, rec.Person.Name.FamilyName, len(rec.ActivitiesSummary.Works.Group))

	s.SetFaults(orcidtest.Faults{Fail503Burst: 1})
	resp, _ = get("/" + string(orcidtest.IDLabPI) + "/works")
	resp.Body.Close()
	fmt.Println(resp.StatusCode, s.Requests("record"), s.Requests("works"))
	// Output:
	// Margarethe Lindqvist 5
	// 503 1 1
}
