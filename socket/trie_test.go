package socket

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestTrieAddRmCheck(t *testing.T) {
	var tr trie
	if tr.check([]byte("x")) {
		t.Fatal("empty trie matches")
	}
	if !tr.add([]byte("abc")) || tr.add([]byte("abc")) {
		t.Fatal("add: first must report true, second false")
	}
	if !tr.add([]byte("abd")) || !tr.add([]byte("a")) {
		t.Fatal("add of new prefixes")
	}
	for in, want := range map[string]bool{"abc": true, "abcz": true, "abd": true, "ab": true,
		"a": true, "": false, "b": false, "xabc": false} {
		if got := tr.check([]byte(in)); got != want {
			t.Errorf("check(%q) = %v", in, got)
		}
	}
	if tr.rm([]byte("a")) != true || tr.check([]byte("ab")) {
		t.Fatal("rm a")
	}
	// Reference counted: abc was added twice.
	if tr.rm([]byte("abc")) || !tr.check([]byte("abc")) {
		t.Fatal("first rm of abc must keep it")
	}
	if !tr.rm([]byte("abc")) || tr.check([]byte("abc")) {
		t.Fatal("second rm of abc must remove it")
	}
	if tr.rm([]byte("abc")) || tr.rm([]byte("zz")) || tr.rm([]byte("ab")) {
		t.Fatal("rm of absent prefixes must report false")
	}
	if !tr.check([]byte("abd!")) || tr.size() != 1 {
		t.Fatalf("abd must remain alone, size %d", tr.size())
	}
}

func TestTrieEmptyPrefixMatchesAll(t *testing.T) {
	var tr trie
	tr.add(nil)
	if !tr.check(nil) || !tr.check([]byte("anything")) {
		t.Fatal("empty subscription must match everything")
	}
	tr.rm([]byte{})
	if tr.check([]byte("anything")) {
		t.Fatal("after rm nothing matches")
	}
}

func TestTrieApplyOrderAndPrune(t *testing.T) {
	var tr trie
	in := []string{"b", "ab", "abc", "", "a", "zzz", "abd"}
	for _, s := range in {
		tr.add([]byte(s))
	}
	var got []string
	tr.apply(func(p []byte) { got = append(got, string(p)) })
	want := slices.Clone(in)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("apply = %q, want %q", got, want)
	}
	for _, s := range in {
		tr.rm([]byte(s))
	}
	if n := &tr.t.root; len(n.kids) != 0 || n.live || tr.size() != 0 {
		t.Fatalf("trie not empty after removing everything: %+v", n)
	}
}

// TestTrieModel checks the radix tree against a map under random operations, including the
// path compression invariant after every step.
func TestTrieModel(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var tr trie
	model := map[string]int{}
	word := func() string {
		b := make([]byte, r.IntN(5))
		for i := range b {
			b[i] = "abc"[r.IntN(3)]
		}
		return string(b)
	}
	for i := 0; i < 5000; i++ {
		w := word()
		if r.IntN(2) == 0 {
			if got, want := tr.add([]byte(w)), model[w] == 0; got != want {
				t.Fatalf("add(%q) = %v", w, got)
			}
			model[w]++
		} else {
			want := model[w] == 1
			if got := tr.rm([]byte(w)); got != want {
				t.Fatalf("rm(%q) = %v, want %v", w, got, want)
			}
			if model[w] > 0 {
				model[w]--
			}
		}
		probe := word() + word()
		want := false
		for k, c := range model {
			if c > 0 && strings.HasPrefix(probe, k) {
				want = true
			}
		}
		if got := tr.check([]byte(probe)); got != want {
			t.Fatalf("check(%q) = %v, want %v", probe, got, want)
		}
		checkInvariant(t, &tr.t.root, true)
	}
}

func checkInvariant[V any](t *testing.T, n *rnode[V], root bool) {
	t.Helper()
	stack := []*rnode[V]{n}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if !root && !n.live && len(n.kids) < 2 {
			t.Fatalf("node %q is dead with %d children", n.label, len(n.kids))
		}
		root = false
		if len(n.keys) != len(n.kids) || !slices.IsSorted(n.keys) {
			t.Fatalf("node %q: keys %q", n.label, n.keys)
		}
		for i, c := range n.kids {
			if len(c.label) == 0 || c.label[0] != n.keys[i] {
				t.Fatalf("child label %q under key %q", c.label, n.keys[i])
			}
			stack = append(stack, c)
		}
	}
}

// TestTrieHugeTopic is GHSA-qq65-x72m-9wr8: a 16 MiB topic must not exhaust the stack or build
// millions of nodes.
func TestTrieHugeTopic(t *testing.T) {
	big := bytes.Repeat([]byte{'x'}, 16<<20)
	var tr trie
	tr.add(big)
	tr.add(big[:1<<20])
	if !tr.check(big) || tr.check(big[:100]) {
		t.Fatal("check")
	}
	n := 0
	tr.apply(func([]byte) { n++ })
	if n != 2 {
		t.Fatalf("apply saw %d", n)
	}
	tr.rm(big)
	tr.rm(big[:1<<20])
	if len(tr.t.root.kids) != 0 {
		t.Fatal("not pruned")
	}
}

func BenchmarkTrieCheck(b *testing.B) {
	var tr trie
	for i := 0; i < 1000; i++ {
		tr.add([]byte("topic." + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + string(rune('0'+i%10))))
	}
	data := []byte("topic.xxxq5 some payload here")
	b.ReportAllocs()
	for b.Loop() {
		tr.check(data)
	}
}
