using EndoDepth.Geometry;

namespace EndoDepth.Volumes;

/// <summary>
/// Collects Hounsfield units slice by slice: int16 storage while every value is an integer in range (the usual CT
/// case: integral rescale of 12–16-bit pixels), switching once to float32 when one is not.
/// </summary>
internal sealed class HuVolumeBuilder
{
    private short[]? _s;
    private float[]? _f;
    private readonly string _file;

    /// <summary>Int16 storage for <paramref name="voxels"/>, within <see cref="VolumeMemoryBudget"/>.</summary>
    /// <exception cref="VolumeMemoryBudgetException">It does not fit.</exception>
    public HuVolumeBuilder(long voxels, string file)
    {
        _file = file;
        VolumeMemoryBudget.Require(file, voxels * sizeof(short), $"{voxels} voxels as int16");
        _s = new short[voxels];
    }

    /// <summary>Stores hu = raw·slope + intercept for <paramref name="raw"/> at <paramref name="offset"/>.</summary>
    public void SetSlice(long offset, ReadOnlySpan<int> raw, double slope, double intercept)
    {
        if (_s is not null && slope == Math.Round(slope) && intercept == Math.Round(intercept)
            && Math.Abs(slope) <= 1 << 16 && Math.Abs(intercept) <= 1 << 30)
        {
            long sl = (long)slope, ic = (long)intercept;
            var dst = _s.AsSpan((int)offset, raw.Length);
            var ok = true;
            if (sl == 1)
            {
                for (var n = 0; n < raw.Length; n++)
                {
                    var v = raw[n] + ic;
                    if ((ulong)(v - short.MinValue) > ushort.MaxValue) { ok = false; break; }
                    dst[n] = (short)v;
                }
            }
            else
            {
                for (var n = 0; n < raw.Length; n++)
                {
                    var v = raw[n] * sl + ic;
                    if ((ulong)(v - short.MinValue) > ushort.MaxValue) { ok = false; break; }
                    dst[n] = (short)v;
                }
            }
            if (ok) return;
        }
        ToFloat();
        var f = _f.AsSpan((int)offset, raw.Length);
        for (var n = 0; n < raw.Length; n++) f[n] = (float)(raw[n] * slope + intercept);
    }

    private void ToFloat()
    {
        if (_f is not null) return;
        VolumeMemoryBudget.Require(_file, (long)_s!.Length * (sizeof(short) + sizeof(float)),
            $"{_s.Length} voxels switching from int16 to float32 storage");
        _f = new float[_s.Length];
        for (var n = 0; n < _s.Length; n++) _f[n] = _s[n];
        _s = null;
    }

    public CtVolume Build(int nx, int ny, int nz, Float3 spacing, Float3 origin, Float3 di, Float3 dj, Float3 dk) =>
        _s is not null
            ? CtVolume.FromInt16(nx, ny, nz, _s, spacing, origin, di, dj, dk)
            : CtVolume.FromFloat32(nx, ny, nz, _f!, spacing, origin, di, dj, dk);
}
