using BitMiracle.LibTiff.Classic;
using EndoDepth.Datasets.Importers;
using EndoDepth.Imaging;
using EndoDepth.IO;

namespace EndoDepth.Cli.Importers;

/// <summary>
/// Unsigned 16-bit single-channel TIFF depth (C3VD's <c>*_depth.tiff</c>) through BitMiracle.LibTiff.NET: strip-organised,
/// any compression LibTiff reads (none, LZW, Deflate, PackBits…), first sample of each pixel.
/// It lives in the CLI so that the EndoDepth libraries carry no TIFF dependency.
/// </summary>
public sealed class LibTiffDepthDecoder : IRawDepthDecoder
{
    /// <inheritdoc />
    public RawDepthImage Decode(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file.", path);
        var errors = new CollectingHandler();
        Tiff.SetErrorHandler(errors);
        try
        {
            using var tif = Tiff.Open(path, "r")
                ?? throw new DataFileException(path, "not a readable TIFF" + errors.Describe());
            int width = Field(tif, TiffTag.IMAGEWIDTH, path), height = Field(tif, TiffTag.IMAGELENGTH, path);
            var bits = tif.GetField(TiffTag.BITSPERSAMPLE)?[0].ToInt() ?? 1;
            var spp = tif.GetField(TiffTag.SAMPLESPERPIXEL)?[0].ToInt() ?? 1;
            if (!ImageSize.IsAcceptable(width, height)) throw new DataFileException(path,
                $"image size {width}×{height} is not acceptable");
            if (bits != 16) throw new DataFileException(path,
                $"expected a 16-bit depth TIFF, found {bits} bits per sample");
            var format = (SampleFormat)(tif.GetField(TiffTag.SAMPLEFORMAT)?[0].ToInt() ?? (int)SampleFormat.UINT);
            if (format != SampleFormat.UINT) throw new DataFileException(path,
                $"expected unsigned 16-bit depth samples, found sample format {format} (signed or floating-point " +
                "depth is not C3VD's encoding)");
            if (tif.IsTiled()) throw new DataFileException(path, "tiled TIFFs are not supported (expected strips)");
            var planar = tif.GetField(TiffTag.PLANARCONFIG)?[0].ToInt() ?? (int)PlanarConfig.CONTIG;
            var line = new byte[tif.ScanlineSize()];
            if (line.Length < width * 2 * (planar == (int)PlanarConfig.CONTIG ? spp : 1))
                throw new DataFileException(path, "scanline shorter than the image width");
            var samples = new ushort[width * height];
            var stride = planar == (int)PlanarConfig.CONTIG ? spp : 1;
            for (var y = 0; y < height; y++)
            {
                if (!tif.ReadScanline(line, y))
                    throw new DataFileException(path, $"cannot read row {y}" + errors.Describe());
                var row = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ushort>(line.AsSpan());
                for (var x = 0; x < width; x++) samples[y * width + x] = row[x * stride];
            }
            return new RawDepthImage(width, height, samples);
        }
        catch (Exception e) when (e is not DataFileException and not FileNotFoundException and not OutOfMemoryException)
        {
            throw new DataFileException(path, "malformed TIFF: " + e.Message + errors.Describe(), null, e);
        }
    }

    private static int Field(Tiff tif, TiffTag tag, string path) =>
        tif.GetField(tag)?[0].ToInt() ?? throw new DataFileException(path, $"TIFF lacks the {tag} tag");

    /// <summary>Keeps LibTiff's messages for the exception instead of printing them.</summary>
    private sealed class CollectingHandler : TiffErrorHandler
    {
        private readonly List<string> _messages = [];

        public override void ErrorHandler(Tiff tif, string method, string format, params object[] args) =>
            _messages.Add(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));

        public override void WarningHandler(Tiff tif, string method, string format, params object[] args) { }

        public string Describe() => _messages.Count == 0 ? "" : " (" + string.Join("; ", _messages) + ")";
    }
}
