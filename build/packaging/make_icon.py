"""Draws icon.png, the packages' 128x128 icon: a depth map of the view down a colon (near wall at the rim, the far
lumen in the centre, haustral folds as rings) in the Turbo colour map the previews use, inside a round frame.

Install: apt-get install -y python3-numpy python3-opencv   (Debian bookworm: numpy 1.24, OpenCV 4.6)
Run:     /usr/bin/python3 build/packaging/make_icon.py      (writes build/packaging/icon.png beside this script)
"""
import os

import cv2
import numpy as np

SIZE = 128
y, x = np.mgrid[0:SIZE, 0:SIZE].astype(np.float64)
c = (SIZE - 1) / 2.0
dx, dy = (x - c) / c, (y - c) / c
r = np.hypot(dx, dy)                      # 0 at the centre, 1 at the rim
angle = np.arctan2(dy, dx)

# A tube seen along its axis: a wall point at image radius r lies at depth ~ 1/r; three folds (the taeniae) bend
# the rings slightly, as in the procedural phantom.
depth = 1.0 / np.maximum(r, 0.08)
fold = 0.5 + 0.5 * np.cos(2.0 * np.pi * np.log(depth) / np.log(2.2) + 0.25 * np.cos(3.0 * angle))
shade = 0.55 + 0.45 * fold ** 2          # bright ridges where the folds face the lens, darker valleys
near = 0.1 + 0.75 * np.clip(r / 0.93, 0.0, 1.0) ** 1.2   # Turbo from blue (far, centre) to red (near, rim)

colour = cv2.applyColorMap((near * 255).astype(np.uint8), cv2.COLORMAP_TURBO)    # BGR, coloured by depth
colour = colour * shade[..., None]
alpha = np.clip((0.97 - r) * SIZE / 2.0, 0.0, 1.0)                               # round, anti-aliased edge
ring = np.clip(1.0 - np.abs(r - 0.93) * SIZE / 3.0, 0.0, 1.0)[..., None]          # a dark scope rim
colour = (colour * (1.0 - 0.85 * ring)).astype(np.uint8)
bgra = np.dstack([colour, (alpha * 255).astype(np.uint8)])

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "icon.png")
cv2.imwrite(out, bgra, [cv2.IMWRITE_PNG_COMPRESSION, 9])
print(out, os.path.getsize(out), "bytes")
