package survey

import "math"

// Z95 is the two-sided 95% normal quantile used for intervals.
const Z95 = 1.959964

// Wilson returns the Wilson score interval for n successes out of total at
// 95% confidence, as proportions from 0 to 1. It returns (0, 0) when total
// is not positive. Unlike the normal ("Wald") interval it stays inside
// [0, 1] and behaves well for small totals and proportions near 0 or 1,
// which is why public-health statistics use it.
func Wilson(n, total int) (low, high float64) {
	if total <= 0 {
		return 0, 0
	}
	nf, tf := float64(n), float64(total)
	p := nf / tf
	z2 := Z95 * Z95
	centre := p + z2/(2*tf)
	half := Z95 * math.Sqrt(p*(1-p)/tf+z2/(4*tf*tf))
	den := 1 + z2/tf
	low, high = (centre-half)/den, (centre+half)/den
	// Guard against rounding just outside [0, 1] at the extremes.
	return max(0, low), min(1, high)
}

// TwoProportionZ compares n1/t1 with n2/t2 by the pooled two-proportion
// z-test. z is positive when the first proportion is the larger; p is the
// two-sided p-value. When either total is zero, or the pooled proportion is
// 0 or 1 (no variation at all), there is nothing to test: z is 0 and p is 1.
func TwoProportionZ(n1, t1, n2, t2 int) (z, p float64) {
	if t1 <= 0 || t2 <= 0 {
		return 0, 1
	}
	p1, p2 := float64(n1)/float64(t1), float64(n2)/float64(t2)
	pooled := float64(n1+n2) / float64(t1+t2)
	se := math.Sqrt(pooled * (1 - pooled) * (1/float64(t1) + 1/float64(t2)))
	if se == 0 {
		return 0, 1
	}
	z = (p1 - p2) / se
	return z, math.Erfc(math.Abs(z) / math.Sqrt2)
}
