package msg

import (
	"bytes"
	"testing"

	"github.com/zreactor/zmq/internal/leakcheck"
)

func TestMain(m *testing.M) { leakcheck.Main(m) }

func TestInitInlineAndHeap(t *testing.T) {
	for _, n := range []int{0, 1, InlineSize, InlineSize + 1, 4096} {
		src := bytes.Repeat([]byte{'x'}, n)
		var m Msg
		m.Init(src, More)
		if n > 0 {
			src[0] = 'y' // the message holds a copy
		}
		if n > 0 && m.Bytes()[0] != 'x' {
			t.Fatalf("size %d: Init did not copy", n)
		}
		if m.Size() != n || !m.More() {
			t.Fatalf("size %d: Size %d More %v", n, m.Size(), m.More())
		}
		if got := m.Detach(); len(got) != n {
			t.Fatalf("size %d: Detach gave %d bytes", n, len(got))
		}
	}
}

func TestInitRefSharesAndInitSizeReuses(t *testing.T) {
	b := make([]byte, 100)
	var m Msg
	m.InitRef(b, 0)
	b[0] = 7
	if m.Bytes()[0] != 7 {
		t.Fatal("InitRef copied")
	}
	body := m.InitSize(64, Command, true)
	if &body[0] != &b[0] {
		t.Fatal("InitSize did not reuse a big enough buffer")
	}
	if !m.IsCommand() || m.More() {
		t.Fatalf("flags %v", m.Flags())
	}
	if small := m.InitSize(3, 0, false); len(small) != 3 || m.Size() != 3 {
		t.Fatal("InitSize small")
	}
}

func TestFlagsDelimiterMetadata(t *testing.T) {
	var m Msg
	m.InitDelimiter()
	if !m.IsDelimiter() || m.Size() != 0 {
		t.Fatal("delimiter")
	}
	m.Reset()
	m.SetFlags(More | Shared)
	m.ClearFlags(More)
	if m.More() || m.Flags()&Shared == 0 {
		t.Fatalf("flags %v", m.Flags())
	}
	md := NewMetadata(map[string]string{"Socket-Type": "DEALER"})
	m.SetMetadata(md)
	m.SetRoutingID(9)
	if v, ok := m.Metadata().Get("Socket-Type"); !ok || v != "DEALER" || m.RoutingID() != 9 {
		t.Fatal("metadata or routing id lost")
	}
	var none *Metadata
	if _, ok := none.Get("x"); ok || none.Len() != 0 {
		t.Fatal("nil metadata")
	}
	n := 0
	md.Each(func(string, string) { n++ })
	if n != 1 || md.Len() != 1 {
		t.Fatal("Each/Len")
	}
}

func BenchmarkInitInline(b *testing.B) {
	b.ReportAllocs()
	src := []byte("sixteen bytes...")
	var m Msg
	for i := 0; i < b.N; i++ {
		m.Init(src, 0)
	}
}

func TestArenaCopiesAreIndependent(t *testing.T) {
	var a Arena
	x := a.Copy([]byte("abc"), 8)
	y := a.Copy([]byte("defgh"), 8)
	z := a.Copy([]byte("ij"), 8) // no room left: a new chunk
	x = append(x, 'X')           // capacity is clipped: must not overwrite y
	if string(y) != "defgh" || string(x) != "abcX" || string(z) != "ij" {
		t.Fatalf("x=%q y=%q z=%q", x, y, z)
	}
	if big := a.Copy(make([]byte, 100), 8); len(big) != 100 {
		t.Fatal("a slice larger than the chunk size")
	}
	if allocs := testing.AllocsPerRun(100, func() { a.Copy([]byte("0123456789"), 1<<20) }); allocs > 0.01 {
		t.Fatalf("%v allocations per copy", allocs)
	}
}
