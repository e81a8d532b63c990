using EndoDepth.Crf.Networks;
using EndoDepth.Crf.Superpixels;
using EndoDepth.Geometry;
using EndoDepth.Imaging;

namespace EndoDepth.Crf;

/// <summary>
/// What the CNN-CRF reads of one image: the image, the camera that took it, each pixel's node, the nodes' centroids,
/// graph and similarities.
/// </summary>
internal sealed record CrfInput(ImageF Image, CameraModel Camera, int[] NodeOfPixel, float[] CentroidX,
    float[] CentroidY, SuperpixelGraph Graph, float[] Similarities)
{
    /// <summary>Number of nodes.</summary>
    public int Nodes => Graph.NodeCount;

    /// <summary>
    /// Every superpixel of a prepared image; no camera means <see cref="SuperpixelCues.AssumedCamera"/>.
    /// </summary>
    public static CrfInput Of(PreparedImage p, CameraModel? camera) =>
        new(p.Image, camera ?? SuperpixelCues.AssumedCamera(p.Image.Width, p.Image.Height), p.Segmentation.Labels,
            p.Segmentation.CentroidX, p.Segmentation.CentroidY, p.Graph, p.Similarities);
}
