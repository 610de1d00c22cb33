package socket

import "github.com/zreactor/zmq/internal/zerr"

// newImpl builds the behaviour of socket type t around the live option set opts.
func newImpl(t Type, opts *Options) (Impl, error) {
	switch t {
	case PAIR:
		return &pairSocket{}, nil
	case PUB:
		return newPub(opts), nil
	case SUB:
		return newSub(opts), nil
	case REQ:
		return newReq(opts), nil
	case REP:
		return newRep(opts), nil
	case DEALER:
		d := newDealer(opts)
		return &d, nil
	case ROUTER:
		return newRouter(opts), nil
	case PULL:
		return &pullSocket{fq: newFQ()}, nil
	case PUSH:
		return &pushSocket{lb: newLB()}, nil
	case XPUB:
		return newXPub(opts, false), nil
	case XSUB:
		return newXSub(opts, false), nil
	case STREAM:
		return newStream(opts), nil
	}
	return nil, zerr.ErrInvalid
}

// Every socket type is an Impl; those with options of their own are OptionSetters.
var (
	_ Impl         = (*pairSocket)(nil)
	_ Impl         = (*pushSocket)(nil)
	_ Impl         = (*pullSocket)(nil)
	_ Impl         = (*dealerSocket)(nil)
	_ Impl         = (*reqSocket)(nil)
	_ Impl         = (*routerSocket)(nil)
	_ Impl         = (*repSocket)(nil)
	_ Impl         = (*streamSocket)(nil)
	_ Impl         = (*xpubSocket)(nil)
	_ Impl         = (*xsubSocket)(nil)
	_ OptionSetter = (*xpubSocket)(nil)
	_ OptionSetter = (*xsubSocket)(nil)
)
