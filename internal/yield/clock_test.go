package yield

import "testing"

// BeforeBlock yields at most once per Every.
func TestBeforeBlockRate(t *testing.T) {
	var c Clock
	c.BeforeBlock()
	first := c.last
	if first.IsZero() {
		t.Fatal("the first call did not yield")
	}
	c.BeforeBlock()
	if c.last != first {
		t.Fatal("yielded again within Every")
	}
	c.last = c.last.Add(-Every)
	c.BeforeBlock()
	if c.last == first.Add(-Every) {
		t.Fatal("did not yield once Every had passed")
	}
}
