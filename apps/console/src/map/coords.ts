import type { ConsoleConfig, LatLon } from '@feijiu/contracts';
import gcoord from 'gcoord';

// Everything on the wire is WGS-84. Chinese tile services (AMap, Tencent…) draw in GCJ-02, so when the
// configured tiles are GCJ-02 every point the console draws goes through the same projection here.

export type TileCoordSystem = ConsoleConfig['tileCoordSystem'];
/** WGS-84 lat/lon → the [lat, lon] pair to hand to Leaflet. */
export type ProjectLatLon = (lat: number, lon: number) => [number, number];
/** A point Leaflet reports (a click, a dragged marker) → WGS-84 for the wire. */
export type UnprojectLatLng = (lat: number, lon: number) => LatLon;

export function createProjector(system: TileCoordSystem): ProjectLatLon {
  switch (system) {
    case 'WGS84':
      return (lat, lon) => [lat, lon];
    case 'GCJ02':
      return (lat, lon) => {
        const [gcjLon, gcjLat] = gcoord.transform<[number, number]>([lon, lat], gcoord.WGS84, gcoord.GCJ02);
        return [gcjLat, gcjLon];
      };
  }
}

export function createUnprojector(system: TileCoordSystem): UnprojectLatLng {
  switch (system) {
    case 'WGS84':
      return (lat, lon) => ({ lat, lon });
    case 'GCJ02':
      return (lat, lon) => {
        const [wgsLon, wgsLat] = gcoord.transform<[number, number]>([lon, lat], gcoord.GCJ02, gcoord.WGS84);
        return { lat: wgsLat, lon: wgsLon };
      };
  }
}
