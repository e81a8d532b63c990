#!/usr/bin/python3
"""Times skimage.transform.iradon at 512² for the FBP benchmark's ratio (FbpBenchmarks.Fbp512 runs the same case).

Needs Debian's python3 with scikit-image 0.19 (apt-get install -y python3-skimage). Run from the repository root, in
the same sitting as the benchmark:
    /usr/bin/python3 benchmarks/EndoDepth.Benchmarks/Tomography/time_iradon.py
    dotnet run -c Release --project benchmarks/EndoDepth.Benchmarks -- --filter '*FbpBenchmarks*'
Case: a 512-detector sinogram of 360 angles over 180° (a disc's, as in the C# benchmark), reconstructed with
filter_name='ramp' to 512 × 512. Prints the best and median of 5 runs after one warm-up.
"""
import time

import numpy as np
from skimage.transform import iradon

detectors, angles = 512, 360
theta = np.linspace(0.0, 180.0, angles, endpoint=False)
t = (np.arange(detectors) - detectors // 2) / 200.0
column = np.where(np.abs(t) < 1, 2 * np.sqrt(np.clip(1 - t * t, 0, None)) * 200, 0)
sinogram = np.repeat(column[:, None], angles, axis=1).astype(np.float32)

iradon(sinogram, theta=theta, filter_name="ramp")  # warm-up
times = []
for _ in range(5):
    start = time.perf_counter()
    iradon(sinogram, theta=theta, filter_name="ramp")
    times.append(time.perf_counter() - start)
times.sort()
print(f"skimage.transform.iradon 512x512 from {detectors}x{angles}: best {times[0]:.3f} s, median {times[2]:.3f} s")
