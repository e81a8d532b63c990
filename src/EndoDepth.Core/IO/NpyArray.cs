namespace EndoDepth.IO;

/// <summary>An n-dimensional array read from a .npy file, converted to float64 in C (row-major) order.</summary>
/// <param name="Shape">The array's shape.</param>
/// <param name="Values">The values in C order (last index fastest), whatever the file's order was.</param>
/// <param name="DType">The file's dtype descriptor, e.g. "&lt;f4".</param>
public sealed record NpyArray(IReadOnlyList<long> Shape, double[] Values, string DType)
{
    /// <summary>Values as float32.</summary>
    public float[] ToFloat32() => Array.ConvertAll(Values, v => (float)v);
}
