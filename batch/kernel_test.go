package batch

import "testing"

func TestKernelAtLeast(t *testing.T) {
	for _, tt := range []struct {
		release string
		want    bool
	}{
		{"5.8.0", true},
		{"5.10.0-8-amd64", true},
		{"6.1.0-25-cloud-amd64", true},
		{"5.7.19", false},
		{"4.19.90-24.4.v2101.ky10.aarch64", false}, // Kylin V10
		{"3.10.0-1160.el7.x86_64", false},
		{"5.8-rc1", true},
		{"", false},
		{"five.eight", false},
	} {
		if got := kernelAtLeast(tt.release, 5, 8); got != tt.want {
			t.Errorf("kernelAtLeast(%q, 5, 8) = %v, want %v", tt.release, got, tt.want)
		}
	}
}
