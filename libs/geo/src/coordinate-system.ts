import gcoord from 'gcoord';
import type { LatLonPoint } from './county';

// Chinese web map tiles (AMap, Tencent) are drawn in GCJ-02; the wire is WGS-84 always, so a
// console on such tiles converts on the way in and out.

export function toGcj02(point: LatLonPoint): LatLonPoint {
  const [lon, lat] = gcoord.transform([point.lon, point.lat], gcoord.WGS84, gcoord.GCJ02);
  return { lat, lon };
}

export function toWgs84(point: LatLonPoint): LatLonPoint {
  const [lon, lat] = gcoord.transform([point.lon, point.lat], gcoord.GCJ02, gcoord.WGS84);
  return { lat, lon };
}
