vcl 4.1;
# Varnish on 127.0.0.1:18083 in front of the origin; streams misses to every waiting client.
backend origin { .host = "127.0.0.1"; .port = "18080"; }
sub vcl_backend_response {
    set beresp.grace = 6h;
    set beresp.do_stream = true;
    if (beresp.ttl <= 0s) { set beresp.ttl = 1h; }
}
sub vcl_deliver {
    if (obj.hits > 0) { set resp.http.X-Cache-Status = "HIT"; } else { set resp.http.X-Cache-Status = "MISS"; }
}
