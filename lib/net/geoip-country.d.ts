// geoip-country ships no type declarations; this covers the part lib/net/geoip.ts uses.
declare module "geoip-country" {
  export interface GeoCountry {
    /** ISO 3166-1 alpha-2 code. */
    country: string;
    name?: string;
    continent?: string;
  }
  const geoip: {
    lookup(ip: string | number): GeoCountry | null;
  };
  export default geoip;
}
