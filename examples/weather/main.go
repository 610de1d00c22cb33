// Command weather is the ZeroMQ guide's weather update server and client (wuserver, wuclient)
// in one program. A PUB socket publishes "zipcode temperature humidity" updates for random zip
// codes as fast as it can; a SUB socket subscribes to a few zip codes and averages their
// temperatures.
//
// A SUB receives only the messages that start with one of its subscriptions (a prefix match on
// the first frame), and over TCP the PUB does the filtering, so the others never cross the
// network. A PUB never blocks: a subscriber that is not there yet, or that cannot keep up,
// misses messages ("slow joiner"), which is why the client just takes what comes.
//
//	go run ./examples/weather -zip 10001,10002 -samples 50
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"

	"github.com/zreactor/zmq"
)

func main() {
	zips := flag.String("zip", "10001,10002", "comma-separated zip codes to follow")
	samples := flag.Int("samples", 100, "updates to average per zip code")
	endpoint := flag.String("bind", "tcp://127.0.0.1:*", "where the publisher binds")
	flag.Parse()
	if err := run(*endpoint, strings.Split(*zips, ","), *samples, os.Stdout); err != nil {
		log.Fatal(err)
	}
}

// run publishes until the subscriber has samples updates for each zip code.
func run(endpoint string, zips []string, samples int, out io.Writer) error {
	ctx, err := zmq.NewContext()
	if err != nil {
		return err
	}
	defer ctx.Close()

	pub, err := ctx.NewSocket(zmq.PUB)
	if err != nil {
		return err
	}
	if err := pub.Bind(endpoint); err != nil {
		pub.Close()
		return err
	}
	endpoint = pub.LastEndpoint()
	stop, cancel := context.WithCancel(context.Background())
	published := make(chan error, 1)
	go func() { published <- publish(stop, pub) }()

	err = subscribe(ctx, endpoint, zips, samples, out)
	cancel()
	if perr := <-published; err == nil {
		err = perr
	}
	return err
}

// publish sends updates for zip codes 10000 to 10009 until stop is done, then closes pub.
func publish(stop context.Context, pub *zmq.Socket) error {
	defer pub.Close()
	for stop.Err() == nil {
		zip := 10000 + rand.IntN(10)
		temperature := rand.IntN(215) - 80
		humidity := rand.IntN(50) + 10
		update := fmt.Sprintf("%05d %d %d", zip, temperature, humidity)
		if err := pub.Send([]byte(update), 0); err != nil {
			return err
		}
	}
	return nil
}

// subscribe follows zips and prints each one's average temperature over samples updates.
func subscribe(ctx *zmq.Context, endpoint string, zips []string, samples int, out io.Writer) error {
	sub, err := ctx.NewSocket(zmq.SUB)
	if err != nil {
		return err
	}
	defer sub.Close()
	if err := sub.Connect(endpoint); err != nil {
		return err
	}
	for _, zip := range zips {
		// The trailing space keeps "1000" from also matching "10001".
		if err := sub.SetSubscribe([]byte(zip + " ")); err != nil {
			return err
		}
	}
	total := make(map[string]int)
	count := make(map[string]int)
	for _, zip := range zips {
		count[zip] = 0
	}
	for done := 0; done < len(zips); {
		update, err := sub.Recv(0)
		if err != nil {
			return err
		}
		var zip string
		var temperature, humidity int
		if _, err := fmt.Sscanf(string(update), "%s %d %d", &zip, &temperature, &humidity); err != nil {
			return fmt.Errorf("malformed update %q: %v", update, err)
		}
		if n, ok := count[zip]; !ok {
			return fmt.Errorf("update %q matches no subscription", update)
		} else if n == samples {
			continue // this one is done; others are not
		}
		total[zip] += temperature
		if count[zip]++; count[zip] == samples {
			done++
		}
	}
	for _, zip := range zips {
		avg := float64(total[zip]) / float64(samples)
		fmt.Fprintf(out, "Average temperature for zipcode '%s' was %sF\n", zip, strconv.FormatFloat(avg, 'f', 1, 64))
	}
	return nil
}
