using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using EndoDepth.Imaging;

namespace EndoDepth.IO;

/// <summary>
/// Point clouds as PLY (Stanford polygon format, <c>binary_little_endian 1.0</c>): one <c>vertex</c> element with
/// float <c>x y z</c> in millimetres in the camera frame (+X right, +Y down, +Z forward), and uchar
/// <c>red green blue</c> when the cloud is coloured. Read by MeshLab, CloudCompare, Open3D and Blender.
/// </summary>
public static class PlyFile
{
    /// <summary>Writes <paramref name="cloud"/> atomically.</summary>
    public static void Write(string path, PointCloud cloud)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(cloud);
        AtomicFile.Write(path, s => Write(s, cloud));
    }

    /// <summary>Writes <paramref name="cloud"/> to a stream (not atomic).</summary>
    public static void Write(Stream stream, PointCloud cloud)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(cloud);
        var colours = cloud.Colours;
        var header = new StringBuilder()
            .Append("ply\nformat binary_little_endian 1.0\n")
            .Append("comment EndoDepth point cloud: millimetres, camera frame (+X right, +Y down, +Z forward)\n")
            .Append(CultureInfo.InvariantCulture, $"element vertex {cloud.Points.Count}\n")
            .Append("property float x\nproperty float y\nproperty float z\n");
        if (colours is not null) header.Append("property uchar red\nproperty uchar green\nproperty uchar blue\n");
        header.Append("end_header\n");
        stream.Write(Encoding.ASCII.GetBytes(header.ToString()));
        var record = colours is null ? 12 : 15;
        var buffer = new byte[record * 4096];
        var n = 0;
        for (var i = 0; i < cloud.Points.Count; i++)
        {
            var o = n * record;
            var p = cloud.Points[i];
            BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(o), p.X);
            BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(o + 4), p.Y);
            BinaryPrimitives.WriteSingleLittleEndian(buffer.AsSpan(o + 8), p.Z);
            if (colours is not null)
            {
                buffer[o + 12] = colours[i].R; buffer[o + 13] = colours[i].G; buffer[o + 14] = colours[i].B;
            }
            if (++n == 4096) { stream.Write(buffer); n = 0; }
        }
        stream.Write(buffer.AsSpan(0, n * record));
    }
}
