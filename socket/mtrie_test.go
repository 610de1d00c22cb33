package socket

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func matchSet(m *mtrie[int], data string) []int {
	var got []int
	m.match([]byte(data), func(p int) {
		if !slices.Contains(got, p) {
			got = append(got, p)
		}
	})
	slices.Sort(got)
	return got
}

func TestMtrieAddRmMatch(t *testing.T) {
	var m mtrie[int]
	if !m.add([]byte("a"), 1) || m.add([]byte("a"), 2) || m.add([]byte("a"), 1) {
		t.Fatal("add must report only the first pipe of a topic")
	}
	m.add([]byte("ab"), 3)
	m.add(nil, 4)
	if got := matchSet(&m, "abc"); !slices.Equal(got, []int{1, 2, 3, 4}) {
		t.Fatalf("match abc = %v", got)
	}
	if got := matchSet(&m, "b"); !slices.Equal(got, []int{4}) {
		t.Fatalf("match b = %v", got)
	}
	if r := m.rm([]byte("a"), 1); r != rmValuesRemain {
		t.Fatalf("rm a/1 = %v", r)
	}
	if r := m.rm([]byte("a"), 1); r != rmNotFound {
		t.Fatalf("second rm a/1 = %v (a pipe's subscriptions are a set)", r)
	}
	if r := m.rm([]byte("a"), 2); r != rmLastValueRemoved {
		t.Fatalf("rm a/2 = %v", r)
	}
	if r := m.rm([]byte("zz"), 2); r != rmNotFound {
		t.Fatalf("rm absent = %v", r)
	}
	if got := matchSet(&m, "abc"); !slices.Equal(got, []int{3, 4}) {
		t.Fatalf("match abc = %v", got)
	}
}

func TestMtrieRmPipe(t *testing.T) {
	var m mtrie[int]
	for _, s := range []string{"", "a", "ab", "b", "bcd"} {
		m.add([]byte(s), 1)
	}
	m.add([]byte("ab"), 2)
	m.add([]byte("x"), 2)
	var uniq, all []string
	m.rmPipe(1, func(p []byte) { uniq = append(uniq, string(p)) }, true)
	if want := []string{"", "a", "b", "bcd"}; !slices.Equal(uniq, want) {
		t.Fatalf("onlyLast callbacks = %q, want %q", uniq, want)
	}
	m.rmPipe(2, func(p []byte) { all = append(all, string(p)) }, false)
	if want := []string{"ab", "x"}; !slices.Equal(all, want) {
		t.Fatalf("callbacks = %q, want %q", all, want)
	}
	if m.size() != 0 || len(m.t.root.kids) != 0 || m.t.root.live {
		t.Fatal("mtrie not empty")
	}
}

// TestMtrieModel compares with a map of sets under random operations, including rmPipe.
func TestMtrieModel(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var m mtrie[int]
	model := map[string]map[int]bool{}
	word := func() string {
		b := make([]byte, r.IntN(4))
		for i := range b {
			b[i] = "ab"[r.IntN(2)]
		}
		return string(b)
	}
	for i := 0; i < 4000; i++ {
		w, p := word(), r.IntN(20) // 20 pipes: some sets pass pipeSetIndexMin
		switch r.IntN(5) {
		case 0, 1:
			first := len(model[w]) == 0
			if m.add([]byte(w), p) != first {
				t.Fatalf("add(%q,%d)", w, p)
			}
			if model[w] == nil {
				model[w] = map[int]bool{}
			}
			model[w][p] = true
		case 2, 3:
			want := rmNotFound
			if model[w][p] {
				delete(model[w], p)
				want = rmValuesRemain
				if len(model[w]) == 0 {
					want = rmLastValueRemoved
				}
			}
			if got := m.rm([]byte(w), p); got != want {
				t.Fatalf("rm(%q,%d) = %v, want %v", w, p, got, want)
			}
		case 4:
			var want []string
			for k, s := range model {
				if s[p] {
					delete(s, p)
					if len(s) == 0 {
						want = append(want, k)
					}
				}
			}
			var got []string
			m.rmPipe(p, func(b []byte) { got = append(got, string(b)) }, true)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Fatalf("rmPipe(%d) = %q, want %q", p, got, want)
			}
		}
		probe := word() + word()
		var want []int
		for k, s := range model {
			if strings.HasPrefix(probe, k) {
				for p := range s {
					if !slices.Contains(want, p) {
						want = append(want, p)
					}
				}
			}
		}
		slices.Sort(want)
		if got := matchSet(&m, probe); !slices.Equal(got, want) {
			t.Fatalf("match(%q) = %v, want %v", probe, got, want)
		}
		checkInvariant(t, &m.t.root, true)
	}
}

func TestMtrieHugeTopic(t *testing.T) {
	big := bytes.Repeat([]byte{'y'}, 16<<20)
	var m mtrie[int]
	m.add(big, 1)
	m.add(big[:10], 2)
	var got []int
	m.match(big, func(p int) { got = append(got, p) })
	if slices.Sort(got); !slices.Equal(got, []int{1, 2}) {
		t.Fatalf("match = %v", got)
	}
	if m.rm(big, 1) != rmLastValueRemoved {
		t.Fatal("rm")
	}
	n := 0
	m.rmPipe(2, func([]byte) { n++ }, true)
	if n != 1 || len(m.t.root.kids) != 0 {
		t.Fatal("rmPipe")
	}
}

func BenchmarkMtrieMatch(b *testing.B) {
	var m mtrie[int]
	for i := 0; i < 1000; i++ {
		m.add([]byte("topic."+strings.Repeat("x", i%7)+string(rune('a'+i%26))), i)
	}
	data := []byte("topic.xxxd payload")
	n := 0
	fn := func(int) { n++ }
	b.ReportAllocs()
	for b.Loop() {
		m.match(data, fn)
	}
}

// pipeSet switches to an index past pipeSetIndexMin; add/rm/find must agree with a map.
func TestPipeSetIndexed(t *testing.T) {
	var s pipeSet[int]
	for i := 0; i < 3*pipeSetIndexMin; i++ {
		if !s.add(i) || s.add(i) {
			t.Fatalf("add %d", i)
		}
	}
	if s.idx == nil {
		t.Fatal("no index on a large set")
	}
	for i := 0; i < 3*pipeSetIndexMin; i += 2 {
		if !s.rm(i) || s.rm(i) {
			t.Fatalf("rm %d", i)
		}
	}
	for i := 0; i < 3*pipeSetIndexMin; i++ {
		if want := i%2 == 1; (s.find(i) >= 0) != want || (want && s.list[s.find(i)] != i) {
			t.Fatalf("find %d", i)
		}
	}
}
