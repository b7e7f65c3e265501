//go:build unix

package themes

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time (user and system) used by this process so
// far, so that timings stay meaningful on a busy machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
