package socket

// trie is the reference-counted set of subscription prefixes of SUB and XSUB (libzmq's trie_t):
// subscribing twice to a topic needs two unsubscriptions, and a message matches when any
// subscribed prefix is a prefix of it.
type trie struct {
	t radix[int] // val: how many times the prefix was subscribed
	n int        // distinct prefixes
}

// add counts one subscription to prefix and reports whether it is the first.
func (t *trie) add(prefix []byte) bool {
	n := t.t.insert(prefix)
	n.val++
	if n.live {
		return false
	}
	n.live = true
	t.n++
	return true
}

// rm drops one subscription to prefix and reports whether it was the last one; it reports false
// when prefix was not subscribed at all.
func (t *trie) rm(prefix []byte) bool {
	n := t.t.find(prefix)
	if n == nil || !n.live {
		return false
	}
	n.val--
	if n.val > 0 {
		return false
	}
	n.live = false
	t.n--
	t.t.prune(prefix)
	return true
}

// check reports whether some subscribed prefix is a prefix of data.
func (t *trie) check(data []byte) bool {
	n := &t.t.root
	for {
		if n.live {
			return true
		}
		if len(data) == 0 {
			return false
		}
		i := n.child(data[0])
		if i < 0 {
			return false
		}
		c := n.kids[i]
		if len(data) < len(c.label) || string(data[:len(c.label)]) != string(c.label) {
			return false
		}
		data, n = data[len(c.label):], c
	}
}

// apply calls fn once for each subscribed prefix, in byte order. The slice is valid only
// during the call.
func (t *trie) apply(fn func(prefix []byte)) {
	t.t.walk(func(key []byte, n *rnode[int]) {
		if n.live {
			fn(key)
		}
	})
}

// size is the number of distinct subscribed prefixes.
func (t *trie) size() int { return t.n }
