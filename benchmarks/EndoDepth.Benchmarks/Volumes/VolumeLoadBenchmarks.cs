using BenchmarkDotNet.Attributes;
using EndoDepth.IO.Dicom;
using EndoDepth.Volumes;

namespace EndoDepth.Benchmarks.Volumes;

/// <summary>
/// Loading a 512×512×300 int16 CT series (150 MiB of pixel data; goal ≥ 200 MB/s): a DICOM folder of 300 files,
/// and the same volume as .nii and .nii.gz. Throughput = 157,286,400 bytes / mean time.
/// </summary>
[MemoryDiagnoser]
public class VolumeLoadBenchmarks
{
    private const int Nx = 512, Ny = 512, Nz = 300;
    private string _root = "";

    /// <summary>Bytes of pixel data in the series.</summary>
    public const long PixelBytes = 2L * Nx * Ny * Nz;

    [GlobalSetup]
    public void Setup()
    {
        _root = Path.Combine(Path.GetTempPath(), "endodepth-bench-volumes");
        var series = Path.Combine(_root, "series");
        if (!File.Exists(Path.Combine(series, $"slice{Nz - 1:D4}.dcm"))) SyntheticDicomSeries.Write(series, Nx, Ny, Nz);
        var v = new DicomVolumeSource().ReadSeries(series).Volume;
        NiftiFile.Write(Path.Combine(_root, "volume.nii"), v);
        NiftiFile.Write(Path.Combine(_root, "volume.nii.gz"), v);
    }

    [Benchmark(Baseline = true)]
    public CtVolume DicomSeriesFolder() => new DicomVolumeSource().ReadSeries(Path.Combine(_root, "series")).Volume;

    [Benchmark]
    public CtVolume Nifti() => NiftiFile.Read(Path.Combine(_root, "volume.nii"));

    [Benchmark]
    public CtVolume NiftiGzip() => NiftiFile.Read(Path.Combine(_root, "volume.nii.gz"));
}
