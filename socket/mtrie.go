package socket

// pipeSet is the set of subscribers to one prefix: a slice for fast iteration while matching,
// plus an index once it is large enough for linear searches to hurt subscribe and unsubscribe.
type pipeSet[P comparable] struct {
	list []P
	idx  map[P]int
}

const pipeSetIndexMin = 16

func (s *pipeSet[P]) find(p P) int {
	if s.idx != nil {
		if i, ok := s.idx[p]; ok {
			return i
		}
		return -1
	}
	for i, q := range s.list {
		if q == p {
			return i
		}
	}
	return -1
}

// add inserts p and reports whether it was absent.
func (s *pipeSet[P]) add(p P) bool {
	if s.find(p) >= 0 {
		return false
	}
	s.list = append(s.list, p)
	if s.idx != nil {
		s.idx[p] = len(s.list) - 1
	} else if len(s.list) >= pipeSetIndexMin {
		s.idx = make(map[P]int, len(s.list))
		for i, q := range s.list {
			s.idx[q] = i
		}
	}
	return true
}

// rm removes p and reports whether it was present.
func (s *pipeSet[P]) rm(p P) bool {
	i := s.find(p)
	if i < 0 {
		return false
	}
	last := len(s.list) - 1
	s.list[i] = s.list[last]
	var zero P
	s.list[last] = zero
	s.list = s.list[:last]
	if s.idx != nil {
		delete(s.idx, p)
		if i < last {
			s.idx[s.list[i]] = i
		}
	}
	return true
}

// rmResult says what mtrie.rm did, as libzmq's mtrie_t::rm_result.
type rmResult uint8

const (
	rmNotFound         rmResult = iota // the pipe had no such subscription
	rmLastValueRemoved                 // nobody subscribes to the prefix any more
	rmValuesRemain                     // other pipes still subscribe to it
)

// mtrie maps subscription prefixes to the set of pipes subscribed to them (libzmq's mtrie_t),
// for PUB and XPUB. A pipe subscribes to a prefix at most once: repeated subscriptions from the
// same pipe collapse.
type mtrie[P comparable] struct {
	t radix[pipeSet[P]]
	n int // prefixes with at least one pipe
}

// add subscribes p to prefix and reports whether prefix had no subscriber before.
func (m *mtrie[P]) add(prefix []byte, p P) bool {
	first, _ := m.insert(prefix, p)
	return first
}

// insert subscribes p to prefix; it reports whether prefix had no subscriber before, and
// whether p was not subscribed to it yet.
func (m *mtrie[P]) insert(prefix []byte, p P) (first, added bool) {
	n := m.t.insert(prefix)
	added = n.val.add(p)
	if n.live {
		return false, added
	}
	n.live = true
	m.n++
	return true, added
}

// has reports whether p is subscribed to prefix.
func (m *mtrie[P]) has(prefix []byte, p P) bool {
	n := m.t.find(prefix)
	return n != nil && n.live && n.val.find(p) >= 0
}

// rm unsubscribes p from prefix.
func (m *mtrie[P]) rm(prefix []byte, p P) rmResult {
	n := m.t.find(prefix)
	if n == nil || !n.live || !n.val.rm(p) {
		return rmNotFound
	}
	if len(n.val.list) > 0 {
		return rmValuesRemain
	}
	n.live = false
	n.val = pipeSet[P]{}
	m.n--
	m.t.prune(prefix)
	return rmLastValueRemoved
}

// rmPipe unsubscribes p from everything. fn gets each prefix p was subscribed to (onlyLast:
// only those nobody else wants any more); the slice is valid only during the call.
func (m *mtrie[P]) rmPipe(p P, fn func(prefix []byte), onlyLast bool) {
	m.t.walk(func(key []byte, n *rnode[pipeSet[P]]) {
		if !n.live || !n.val.rm(p) {
			return
		}
		empty := len(n.val.list) == 0
		if empty {
			n.live = false
			n.val = pipeSet[P]{}
			m.n--
		}
		if fn != nil && (!onlyLast || empty) {
			fn(key)
		}
	})
}

// match calls fn for every pipe subscribed to a prefix of data. A pipe subscribed to several
// such prefixes is reported once per prefix, as in libzmq; dist.match ignores repeats.
func (m *mtrie[P]) match(data []byte, fn func(P)) {
	n := &m.t.root
	for {
		if n.live {
			for _, p := range n.val.list {
				fn(p)
			}
		}
		if len(data) == 0 {
			return
		}
		i := n.child(data[0])
		if i < 0 {
			return
		}
		c := n.kids[i]
		if len(data) < len(c.label) || string(data[:len(c.label)]) != string(c.label) {
			return
		}
		data, n = data[len(c.label):], c
	}
}

// size is the number of prefixes with at least one subscriber.
func (m *mtrie[P]) size() int { return m.n }
