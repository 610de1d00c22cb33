package poller

// The heap operations on timerHeap.heap, kept apart from the timer API. container/heap is not
// used because its interface boxes values and calls through an interface per comparison.

// less orders heap positions a and b by deadline, then by insertion.
func (h *timerHeap) less(a, b int) bool {
	ta, tb := &h.slots[h.heap[a]], &h.slots[h.heap[b]]
	if ta.when != tb.when {
		return ta.when < tb.when
	}
	return ta.seq < tb.seq
}

// swap exchanges heap positions a and b and records the new positions in the slots.
func (h *timerHeap) swap(a, b int) {
	h.heap[a], h.heap[b] = h.heap[b], h.heap[a]
	h.slots[h.heap[a]].pos = int32(a)
	h.slots[h.heap[b]].pos = int32(b)
}

func (h *timerHeap) up(j int) {
	for j > 0 {
		parent := (j - 1) / 2
		if !h.less(j, parent) {
			return
		}
		h.swap(j, parent)
		j = parent
	}
}

// down sifts position j towards the leaves; it reports whether j moved.
func (h *timerHeap) down(j int) bool {
	start, n := j, len(h.heap)
	for {
		c := 2*j + 1
		if c >= n {
			break
		}
		if r := c + 1; r < n && h.less(r, c) {
			c = r
		}
		if !h.less(c, j) {
			break
		}
		h.swap(j, c)
		j = c
	}
	return j > start
}

// remove takes position j out of the heap.
func (h *timerHeap) remove(j int) {
	last := len(h.heap) - 1
	if j != last {
		h.swap(j, last)
	}
	h.slots[h.heap[last]].pos = -1
	h.heap = h.heap[:last]
	if j != last && !h.down(j) {
		h.up(j)
	}
}
