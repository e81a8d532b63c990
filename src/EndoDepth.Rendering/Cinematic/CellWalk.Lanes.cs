
namespace EndoDepth.Rendering.Cinematic;

internal partial struct CellWalk
{
    /// <summary>Copies this walk into lane <paramref name="k"/> of an eight-lane tracker (<see cref="TrackerOctet"/>);
    /// the cell counts are the medium's.</summary>
    internal readonly void CopyTo(ref TrackerOctet o, int k)
    {
        TrackerOctet.Lane(ref o.Cell, k) = Cell;
        TrackerOctet.Lane(ref o.T0, k) = T0;
        TrackerOctet.Lane(ref o.T1, k) = T1;
        TrackerOctet.Lane(ref o.Ix, k) = _ix; TrackerOctet.Lane(ref o.Iy, k) = _iy;
        TrackerOctet.Lane(ref o.Iz, k) = _iz;
        TrackerOctet.Lane(ref o.Sx, k) = _sx; TrackerOctet.Lane(ref o.Sy, k) = _sy;
        TrackerOctet.Lane(ref o.Sz, k) = _sz;
        TrackerOctet.Lane(ref o.StrideY, k) = _strideY;
        TrackerOctet.Lane(ref o.StrideZ, k) = _strideZ;
        TrackerOctet.Lane(ref o.Tx, k) = _tx; TrackerOctet.Lane(ref o.Ty, k) = _ty;
        TrackerOctet.Lane(ref o.Tz, k) = _tz;
        TrackerOctet.Lane(ref o.Dx, k) = _dx; TrackerOctet.Lane(ref o.Dy, k) = _dy;
        TrackerOctet.Lane(ref o.Dz, k) = _dz;
        TrackerOctet.Lane(ref o.End, k) = _end;
    }
}
