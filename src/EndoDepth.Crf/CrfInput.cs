using EndoDepth.Crf.Superpixels;
using EndoDepth.Imaging;

namespace EndoDepth.Crf;

/// <summary>
/// What the CNN-CRF reads of one image: the image, each pixel's node, the nodes' centroids, graph and similarities.
/// </summary>
internal sealed record CrfInput(
    ImageF Image, int[] NodeOfPixel, float[] CentroidX, float[] CentroidY, SuperpixelGraph Graph, float[] Similarities)
{
    /// <summary>Number of nodes.</summary>
    public int Nodes => Graph.NodeCount;

    /// <summary>Every superpixel of a prepared image.</summary>
    public static CrfInput Of(PreparedImage p) =>
        new(p.Image, p.Segmentation.Labels, p.Segmentation.CentroidX, p.Segmentation.CentroidY, p.Graph,
            p.Similarities);
}
