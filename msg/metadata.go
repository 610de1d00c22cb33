package msg

// Metadata is an immutable set of connection properties (ZMTP READY properties, Peer-Address,
// User-Id, ...). One value is built per connection when its handshake completes and shared by
// every frame that connection delivers, so attaching it costs a pointer copy.
type Metadata struct {
	props map[string]string
}

// NewMetadata builds a property set; the map is copied.
func NewMetadata(props map[string]string) *Metadata {
	c := make(map[string]string, len(props))
	for k, v := range props {
		c[k] = v
	}
	return &Metadata{props: c}
}

// Get returns the property's value and whether it is present. Names are matched exactly, as
// libzmq does.
func (md *Metadata) Get(name string) (string, bool) {
	if md == nil {
		return "", false
	}
	v, ok := md.props[name]
	return v, ok
}

// Len is the number of properties.
func (md *Metadata) Len() int {
	if md == nil {
		return 0
	}
	return len(md.props)
}

// Each calls fn for every property, in no particular order.
func (md *Metadata) Each(fn func(name, value string)) {
	if md == nil {
		return
	}
	for k, v := range md.props {
		fn(k, v)
	}
}
