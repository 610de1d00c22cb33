package socket

import "bytes"

// rnode is a node of a radix (path-compressed prefix) tree: the core shared by trie and mtrie.
// libzmq's trie_t spends one node per byte of a topic; compressing paths keeps a 16 MiB topic
// (GHSA-qq65-x72m-9wr8) at a few nodes, and every operation here is iterative, so no topic
// length can exhaust the stack.
//
// Invariant: every node but the root holds a value (live) or has at least two children, so
// each branch point is a real one and a walk never meets a dead end that hides a match.
type rnode[V any] struct {
	label []byte      // bytes on the edge from the parent; empty only for the root
	keys  []byte      // first byte of each child's label, sorted, parallel to kids
	kids  []*rnode[V] // children
	live  bool        // val holds a subscription
	val   V
}

// child returns the index of the child whose label starts with c, or -1.
func (n *rnode[V]) child(c byte) int { return bytes.IndexByte(n.keys, c) }

// addChild inserts c keeping keys sorted, so walks visit topics in byte order like libzmq.
func (n *rnode[V]) addChild(c *rnode[V]) {
	k := c.label[0]
	i := 0
	for i < len(n.keys) && n.keys[i] < k {
		i++
	}
	n.keys = append(n.keys, 0)
	copy(n.keys[i+1:], n.keys[i:])
	n.keys[i] = k
	n.kids = append(n.kids, nil)
	copy(n.kids[i+1:], n.kids[i:])
	n.kids[i] = c
}

func (n *rnode[V]) removeChild(i int) {
	n.keys = append(n.keys[:i], n.keys[i+1:]...)
	copy(n.kids[i:], n.kids[i+1:])
	n.kids[len(n.kids)-1] = nil
	n.kids = n.kids[:len(n.kids)-1]
}

// radix is a prefix tree mapping byte strings to values of type V.
type radix[V any] struct {
	root rnode[V]
}

// find returns the node for exactly key, or nil.
func (t *radix[V]) find(key []byte) *rnode[V] {
	n := &t.root
	for len(key) > 0 {
		i := n.child(key[0])
		if i < 0 {
			return nil
		}
		c := n.kids[i]
		if !bytes.HasPrefix(key, c.label) {
			return nil
		}
		key, n = key[len(c.label):], c
	}
	return n
}

// insert returns the node for exactly key, creating it (not live) if needed. key is copied.
func (t *radix[V]) insert(key []byte) *rnode[V] {
	n := &t.root
	for len(key) > 0 {
		i := n.child(key[0])
		if i < 0 {
			c := &rnode[V]{label: bytes.Clone(key)}
			n.addChild(c)
			return c
		}
		c := n.kids[i]
		l := commonPrefix(key, c.label)
		if l < len(c.label) {
			// Split c's edge: a new node takes the shared part and c keeps the rest.
			mid := &rnode[V]{label: c.label[:l:l], keys: []byte{c.label[l]}, kids: []*rnode[V]{c}}
			c.label = c.label[l:]
			n.kids[i] = mid
			c = mid
		}
		key, n = key[l:], c
	}
	return n
}

// prune restores the invariant after the node for key stopped being live.
func (t *radix[V]) prune(key []byte) {
	var gp, parent *rnode[V]
	n := &t.root
	for len(key) > 0 {
		c := n.kids[n.child(key[0])]
		key, gp, parent, n = key[len(c.label):], parent, n, c
	}
	if parent == nil || n.live {
		return
	}
	switch len(n.kids) {
	case 0:
		parent.removeChild(parent.child(n.label[0]))
		if gp != nil && !parent.live && len(parent.kids) == 1 {
			mergeChild(gp, gp.child(parent.label[0]))
		}
	case 1:
		mergeChild(parent, parent.child(n.label[0]))
	}
}

// mergeChild replaces n.kids[i], which is dead and has one child, with that child.
func mergeChild[V any](n *rnode[V], i int) {
	dead := n.kids[i]
	only := dead.kids[0]
	label := make([]byte, 0, len(dead.label)+len(only.label))
	only.label = append(append(label, dead.label...), only.label...)
	n.kids[i] = only
}

// compact restores the invariant among n's children after a walk emptied some of them; the
// children themselves must already be compact.
func compact[V any](n *rnode[V]) {
	for i := 0; i < len(n.kids); {
		c := n.kids[i]
		switch {
		case c.live || len(c.kids) > 1:
			i++
		case len(c.kids) == 0:
			n.removeChild(i)
		default:
			mergeChild(n, i)
			i++
		}
	}
}

// frame is one level of an iterative depth-first walk.
type frame[V any] struct {
	n      *rnode[V]
	next   int // next child to visit
	keyLen int // length of the key buffer before this node's label
}

// walk visits every node depth first in byte order, calling pre with the node's full key (valid
// only during the call) before its children, then compacting its children after them. pre may
// change val and live; the tree stays valid because empty nodes are pruned on the way up.
func (t *radix[V]) walk(pre func(key []byte, n *rnode[V])) {
	var key []byte
	stack := []frame[V]{{n: &t.root}}
	pre(key, &t.root)
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if top.next < len(top.n.kids) {
			c := top.n.kids[top.next]
			top.next++
			stack = append(stack, frame[V]{n: c, keyLen: len(key)})
			key = append(key, c.label...)
			pre(key, c)
			continue
		}
		compact(top.n)
		key = key[:top.keyLen]
		stack = stack[:len(stack)-1]
	}
}

func commonPrefix(a, b []byte) int {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}
