package socket

import (
	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/options"
)

// newImpl builds the behaviour of socket type t around the live option set opts.
func newImpl(t options.Type, opts *options.Options) (Impl, error) {
	switch t {
	case options.PAIR:
		return &pairSocket{}, nil
	case options.PUB:
		return newPub(opts), nil
	case options.SUB:
		return newSub(opts), nil
	case options.REQ:
		return newReq(opts), nil
	case options.REP:
		return newRep(opts), nil
	case options.DEALER:
		d := newDealer(opts)
		return &d, nil
	case options.ROUTER:
		return newRouter(opts), nil
	case options.PULL:
		return &pullSocket{fq: newFQ()}, nil
	case options.PUSH:
		return &pushSocket{lb: newLB()}, nil
	case options.XPUB:
		return newXPub(opts, false), nil
	case options.XSUB:
		return newXSub(opts, false), nil
	case options.STREAM:
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
