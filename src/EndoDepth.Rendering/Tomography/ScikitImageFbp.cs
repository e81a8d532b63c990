using System.Globalization;
using EndoDepth.Geometry;
using EndoDepth.IO;
using EndoDepth.Rendering.Compute;

namespace EndoDepth.Rendering.Tomography;

/// <summary>
/// 2-D parallel-beam FBP on scikit-image's conventions, reproducing
/// <c>skimage.transform.iradon(sinogram, theta, output_size, filter_name, interpolation='linear', circle=True)</c>
/// of scikit-image 0.19: the sinogram is detector × angle (as <c>radon</c> returns it), angles in degrees, the rotation
/// axis at detector index N//2; it is zero-padded to ⌈√2·N⌉ samples around that index and filtered with an FFT of
/// max(64, 2^⌈log₂ 2⌈√2·N⌉⌉) samples; the output is square (side N unless given), pixel (row r, column c) at
/// x = c − side//2, y = r − side//2 with unit pixels, back-projected at t = x cos θ − y sin θ with linear
/// interpolation (zero outside the padded detector), scaled by π/M, and zero outside the circle of radius side//2.
/// Runs on <see cref="FilteredBackProjection"/>'s filter and kernel with the equivalent geometry and grid
/// (docs/tomography.md).
/// </summary>
public static class ScikitImageFbp
{
    /// <summary>Reconstructs from a sinogram <c>.npy</c> (2-D, detector × angle) and an angles <c>.npy</c> (1-D,
    /// degrees).</summary>
    /// <returns>The image (side × side, row-major) and its side.</returns>
    /// <exception cref="NpyFormatException">A malformed .npy file.</exception>
    /// <exception cref="ProjectionDataException">Shapes that do not agree, or NaN/∞ values.</exception>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    public static (float[] Image, int Side) ReconstructFiles(string sinogramPath, string anglesPath, int? outputSize = null,
        ReconstructionFilter filter = ReconstructionFilter.RamLak, ComputeDevice? device = null,
        CancellationToken cancellationToken = default)
    {
        var sinogram = NpyFile.Read(sinogramPath);
        var angles = NpyFile.Read(anglesPath);
        if (sinogram.Shape.Count != 2)
            throw new ProjectionDataException(sinogramPath, $"a sinogram is 2-D (detector × angle), got shape " +
                $"({string.Join(", ", sinogram.Shape)})");
        if (angles.Shape.Count != 1 || angles.Shape[0] != sinogram.Shape[1])
            throw new ProjectionDataException(anglesPath, string.Create(CultureInfo.InvariantCulture,
                $"expected {sinogram.Shape[1]} angles (one per sinogram column of {sinogramPath}), got shape " +
                $"({string.Join(", ", angles.Shape)})"));
        foreach (var a in angles.Values)
            if (!double.IsFinite(a)) throw new ProjectionDataException(anglesPath, "an angle is NaN or ∞");
        foreach (var v in sinogram.Values)
            if (!double.IsFinite(v)) throw new ProjectionDataException(sinogramPath, "a value is NaN or ∞");
        var detectors = (int)sinogram.Shape[0];
        var side = outputSize ?? detectors;
        return (Reconstruct(sinogram.ToFloat32(), detectors, angles.Values, side, filter, device, cancellationToken),
            side);
    }

    /// <summary>Reconstructs a side × side image (row-major) from a detector × angle sinogram.</summary>
    /// <param name="sinogram">detectors × angles values, row-major (one row per detector sample).</param>
    /// <param name="detectors">Detector samples N (rows of the sinogram).</param>
    /// <param name="anglesDegrees">θ per sinogram column.</param>
    /// <param name="side">Output side (scikit-image's output_size; N by default).</param>
    /// <param name="filter">The filter (scikit-image's filter_name; ramp by default).</param>
    /// <param name="device">Kernel launcher (<see cref="ComputeDevice.Shared"/> when null).</param>
    /// <param name="cancellationToken">Cancels between batches of views.</param>
    /// <exception cref="ArgumentException">Sizes that do not agree, or a side outside 1..16384.</exception>
    /// <exception cref="ProjectionDataException">NaN or ∞ in the sinogram.</exception>
    public static float[] Reconstruct(float[] sinogram, int detectors, IReadOnlyList<double> anglesDegrees, int side,
        ReconstructionFilter filter = ReconstructionFilter.RamLak, ComputeDevice? device = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sinogram);
        ArgumentNullException.ThrowIfNull(anglesDegrees);
        var views = anglesDegrees.Count;
        if (detectors < 2 || views < 1 || (long)detectors * views != sinogram.LongLength)
            throw new ArgumentException($"A sinogram of {sinogram.LongLength} values is not {detectors} detectors × " +
                $"{views} angles.", nameof(sinogram));
        if (side is < 1 or > 16384) throw new ArgumentOutOfRangeException(nameof(side), side, "Side must be 1..16384.");
        // _sinogram_circle_to_square: pad to the diagonal, keeping the axis at index N//2 → diagonal//2.
        var diagonal = (int)Math.Ceiling(Math.Sqrt(2) * detectors);
        var before = diagonal / 2 - detectors / 2;
        var padded = new float[(long)views * diagonal];
        for (var d = 0; d < detectors; d++)
            for (var v = 0; v < views; v++)
                padded[(long)v * diagonal + before + d] = sinogram[(long)d * views + v];
        // Detector sample k at u = k − diagonal//2; pixel (r, c) at (c − side//2, r − side//2).
        var geometry = ScanGeometry.Parallel(diagonal, anglesDegrees, 1, 0.5 * (diagonal - 1) - diagonal / 2);
        var shift = 0.5f * (side - 1) - side / 2;
        var grid = new ReconstructionGrid(side, side, 1, new Float3(1, 1, 1), new Float3(shift, shift, 0));
        var image = FilteredBackProjection.ReconstructAttenuation(new CtScan(geometry, padded), grid, filter,
            device, null, cancellationToken);
        var radius = side / 2;
        for (var r = 0; r < side; r++)
            for (var c = 0; c < side; c++)
                if ((r - radius) * (r - radius) + (c - radius) * (c - radius) > radius * radius)
                    image[r * side + c] = 0f;
        return image;
    }
}
