package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// cpuStat is the aggregate "cpu" line of /proc/stat, in jiffies.
type cpuStat struct{ total, steal uint64 }

func readCPUStat() cpuStat {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return cpuStat{}
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	var s cpuStat
	for i, v := range f[1:] {
		n, _ := strconv.ParseUint(v, 10, 64)
		if i < 8 { // user..steal; guest time is already inside user
			s.total += n
		}
		if i == 7 {
			s.steal = n
		}
	}
	return s
}

// noiseNote says how noisy the machine was between two samples: the share
// of CPU time stolen by the hypervisor and the load average, which counts
// other people's processes too.
func noiseNote(a, b cpuStat) string {
	steal := "n/a"
	if d := b.total - a.total; d > 0 {
		steal = fmt.Sprintf("%.1f%%", 100*float64(b.steal-a.steal)/float64(d))
	}
	load, _ := os.ReadFile("/proc/loadavg")
	la := strings.Fields(string(load))
	if len(la) > 3 {
		la = la[:3]
	}
	return fmt.Sprintf("machine noise: CPU steal over the run %s; load average at the end %s "+
		"(above about 1 means other processes competed with the benchmark)", steal, strings.Join(la, " "))
}
