package orcid

import (
	"maps"
	"sync"
	"time"
)

// Stats counts a Client's traffic. Requests includes retries.
type Stats struct {
	Requests  int           // HTTP requests sent, retries included
	Retries   int           // requests that were retries
	Throttled int           // 503 (and 502/504) replies that were retried
	Errors    int           // calls that ended in an error
	Bytes     int64         // reply body bytes read
	Waited    time.Duration // time spent waiting for the rate limiter
	// Endpoints breaks the counts down by endpoint name: "record",
	// "person", "works", "work", "bulk", "employments", …, "search",
	// "expanded-search".
	Endpoints map[string]EndpointStats
}

// EndpointStats are the counts for one endpoint.
type EndpointStats struct {
	Requests  int
	Retries   int
	Throttled int
	Errors    int
	Bytes     int64
}

type stats struct {
	mu    sync.Mutex
	s     Stats
	total EndpointStats
}

func (st *stats) update(endpoint string, f func(*EndpointStats)) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.s.Endpoints == nil {
		st.s.Endpoints = make(map[string]EndpointStats)
	}
	e := st.s.Endpoints[endpoint]
	f(&e)
	st.s.Endpoints[endpoint] = e
	f(&st.total)
}

func (st *stats) request(endpoint string, retry bool) {
	st.update(endpoint, func(e *EndpointStats) {
		e.Requests++
		if retry {
			e.Retries++
		}
	})
}

func (st *stats) read(endpoint string, n int64) {
	st.update(endpoint, func(e *EndpointStats) { e.Bytes += n })
}

func (st *stats) throttled(endpoint string) {
	st.update(endpoint, func(e *EndpointStats) { e.Throttled++ })
}

func (st *stats) failed(endpoint string) {
	st.update(endpoint, func(e *EndpointStats) { e.Errors++ })
}

func (st *stats) waited(d time.Duration) {
	st.mu.Lock()
	st.s.Waited += d
	st.mu.Unlock()
}

// Stats returns a snapshot of the client's counters.
func (c *Client) Stats() Stats {
	c.stats.mu.Lock()
	defer c.stats.mu.Unlock()
	s := c.stats.s
	t := c.stats.total
	s.Requests, s.Retries, s.Throttled, s.Errors, s.Bytes = t.Requests, t.Retries, t.Throttled, t.Errors, t.Bytes
	s.Endpoints = maps.Clone(s.Endpoints)
	if s.Endpoints == nil {
		s.Endpoints = map[string]EndpointStats{}
	}
	return s
}
