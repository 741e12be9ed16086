package io.geotier.registry;

/**
 * Distance on the Earth's surface, by the haversine formula on a sphere of mean radius: what geodns
 * ranks regions by and what a node ranks its peers by, so both agree on what "closest" means.
 */
public final class GreatCircle {

    public static final double EARTH_RADIUS_KM = 6371.0088;

    private GreatCircle() {}

    public static double km(double lat1, double lon1, double lat2, double lon2) {
        double phi1 = Math.toRadians(lat1);
        double phi2 = Math.toRadians(lat2);
        double dPhi = phi2 - phi1;
        double dLambda = Math.toRadians(lon2 - lon1);
        double h = Math.sin(dPhi / 2) * Math.sin(dPhi / 2)
                + Math.cos(phi1) * Math.cos(phi2) * Math.sin(dLambda / 2) * Math.sin(dLambda / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
