#!/usr/bin/python3
"""IP-camera stand-in for integration tests: a GStreamer RTSP server sending H.264.

Run with Debian's /usr/bin/python3 (python3-gi installs there). Listens on 127.0.0.1 only.
Prints "READY port=N" on stdout once the server socket is attached, and exits cleanly on
SIGTERM/SIGINT. See /work/shared/PEERS.md for the packages and the quirks handled here.

Sources:
  live  videotestsrc + clockoverlay encoded live with x264enc (costs CPU per server).
  file  a pre-encoded Annex-B .264 file, one access unit per appsrc buffer with
        pts = dts = n * frame duration, looping with continuous timestamps. A plain
        filesrc ! h264parse ! rtph264pay sends every frame with the same RTP timestamp and
        unpaced (the trap described in PEERS.md), so the file is split into AUs here.
"""

import argparse
import os
import signal
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstApp", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstApp, GstRtsp, GstRtspServer  # noqa: E402

BIND_ADDRESS = "127.0.0.1"
ROLE = "user"

# H.264 NAL unit types (ITU-T H.264 Table 7-1).
NAL_SLICE_NON_IDR = 1
NAL_SLICE_IDR = 5
NAL_SEI = 6
NAL_SPS = 7
NAL_PPS = 8
NAL_AUD = 9


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--port", type=int, required=True, help="RTSP TCP port (0 = any free port)")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--mounts", help="comma-separated mount names, e.g. cam1,cam2")
    group.add_argument("--count", type=int, help="serve /cam1 .. /camN")
    p.add_argument("--source", choices=("live", "file"), default="live")
    p.add_argument("--file", help="Annex-B H.264 elementary stream for --source file")
    p.add_argument("--fps", type=int, default=25)
    p.add_argument("--gop", type=int, default=50, help="keyframe interval in frames (live)")
    p.add_argument("--bitrate-kbps", type=int, default=2000, help="encoder bitrate (live)")
    p.add_argument("--width", type=int, default=1280)
    p.add_argument("--height", type=int, default=720)
    p.add_argument("--user")
    p.add_argument("--password")
    p.add_argument("--password-env", metavar="VAR",
                   help="read the password from this environment variable (keeps it out of ps and logs)")
    p.add_argument("--auth", choices=("digest", "basic"), default="digest")
    p.add_argument("--protocols", default="tcp,udp", help="comma-separated subset of tcp,udp")
    p.add_argument("--udp-ports", default="20000-32767",
                   help="MIN-MAX server RTP/RTCP ports on 127.0.0.1 for UDP sessions (below Linux's "
                        "ephemeral range; ports in use are skipped)")
    args = p.parse_args(argv)
    if args.source == "file" and not args.file:
        p.error("--source file needs --file")
    if args.password_env:
        if args.password is not None:
            p.error("--password and --password-env are exclusive")
        args.password = os.environ.get(args.password_env)
        if args.password is None:
            p.error("environment variable %s is not set" % args.password_env)
    if (args.user is None) != (args.password is None):
        p.error("--user and --password go together")
    if args.fps <= 0 or args.gop <= 0 or args.bitrate_kbps <= 0 or args.width <= 0 or args.height <= 0:
        p.error("--fps, --gop, --bitrate-kbps, --width and --height must be positive")
    if args.count is not None and args.count <= 0:
        p.error("--count must be positive")
    try:
        low, high = (int(x) for x in args.udp_ports.split("-"))
    except ValueError:
        p.error("--udp-ports must be MIN-MAX")
    if not 1024 <= low < high <= 65535:
        p.error("--udp-ports must satisfy 1024 <= MIN < MAX <= 65535")
    args.udp_port_range = (low, high)
    return args


def mount_names(args):
    if args.count is not None:
        return ["cam%d" % i for i in range(1, args.count + 1)]
    if args.mounts:
        return [m.strip().strip("/") for m in args.mounts.split(",") if m.strip()]
    return ["cam1"]


def split_nal_units(data):
    """Returns (start, end) of each NAL unit payload (after its 3- or 4-byte start code)."""
    starts = []
    i = data.find(b"\x00\x00\x01")
    while i >= 0:
        starts.append(i + 3)
        i = data.find(b"\x00\x00\x01", i + 3)
    units = []
    for k, s in enumerate(starts):
        e = starts[k + 1] - 3 if k + 1 < len(starts) else len(data)
        # A 4-byte start code leaves its leading zero at the end of the previous unit
        # (trailing_zero_8bits, H.264 Annex B.1): trim it.
        while e > s and data[e - 1] == 0:
            e -= 1
        if e > s:
            units.append((s, e))
    return units


def split_access_units(data):
    """Groups an Annex-B stream into access units (H.264 §7.4.1.2.3).

    A new AU starts at an AUD, SPS, PPS or SEI that follows a slice, or at a slice whose
    first_mb_in_slice is 0 (ue(v) value 0 is the single bit '1', the top bit of the
    first byte after the NAL header). Each NAL unit is re-emitted with a 4-byte start code.
    """
    aus = []
    current = []
    seen_slice = False
    for s, e in split_nal_units(data):
        nal_type = data[s] & 0x1F
        is_slice = nal_type in (NAL_SLICE_NON_IDR, NAL_SLICE_IDR)
        if nal_type in (NAL_AUD, NAL_SPS, NAL_PPS, NAL_SEI):
            begins = seen_slice
        elif is_slice:
            begins = seen_slice and e - s > 1 and (data[s + 1] & 0x80) != 0
        else:
            begins = False
        if begins:
            aus.append(b"".join(current))
            current = []
            seen_slice = False
        current.append(b"\x00\x00\x00\x01" + data[s:e])
        seen_slice = seen_slice or is_slice
    if current:
        aus.append(b"".join(current))
    return aus


def load_access_units(path):
    with open(path, "rb") as f:
        data = f.read()
    aus = split_access_units(data)
    if not aus:
        raise SystemExit("no H.264 access units in %s" % path)
    return [GLib.Bytes.new(au) for au in aus]


class FileFeeder:
    """Pushes one AU per buffer into an appsrc, looping with continuous timestamps."""

    def __init__(self, access_units, fps):
        self.access_units = access_units
        self.frame_ns = Gst.SECOND // fps
        self.n = 0

    def on_need_data(self, src, _length):
        au = self.access_units[self.n % len(self.access_units)]
        buf = Gst.Buffer.new_wrapped_bytes(au)
        buf.pts = buf.dts = self.n * self.frame_ns
        buf.duration = self.frame_ns
        self.n += 1
        src.emit("push-buffer", buf)


def live_launch(args):
    return (
        "( videotestsrc is-live=true pattern=ball ! clockoverlay "
        "! video/x-raw,width={w},height={h},framerate={fps}/1 "
        "! x264enc tune=zerolatency speed-preset=ultrafast bitrate={br} key-int-max={gop} "
        "! rtph264pay name=pay0 pt=96 config-interval=1 )"
    ).format(w=args.width, h=args.height, fps=args.fps, br=args.bitrate_kbps, gop=args.gop)


def file_launch(args):
    return (
        "( appsrc name=src is-live=true format=time "
        "caps=video/x-h264,stream-format=byte-stream,alignment=au,framerate={fps}/1 "
        "! h264parse ! rtph264pay name=pay0 pt=96 config-interval=1 )"
    ).format(fps=args.fps)


def protocols_flags(spec):
    flags = GstRtsp.RTSPLowerTrans(0)
    for name in spec.split(","):
        name = name.strip().lower()
        if name == "tcp":
            flags |= GstRtsp.RTSPLowerTrans.TCP
        elif name == "udp":
            flags |= GstRtsp.RTSPLowerTrans.UDP
        elif name:
            raise SystemExit("unknown protocol %r (tcp, udp)" % name)
    if flags == GstRtsp.RTSPLowerTrans(0):
        raise SystemExit("--protocols names no protocol")
    return flags


def make_address_pool(args):
    """Server-side UDP ports on 127.0.0.1 only: without a pool GStreamer binds 0.0.0.0 and ::."""
    pool = GstRtspServer.RTSPAddressPool()
    low, high = args.udp_port_range
    if not pool.add_range(BIND_ADDRESS, BIND_ADDRESS, low, high, 0):
        raise SystemExit("cannot make a UDP port pool %d-%d" % (low, high))
    return pool


def make_factory(args, access_units, permissions, protocols, pool):
    factory = GstRtspServer.RTSPMediaFactory()
    factory.set_shared(True)
    factory.set_protocols(protocols)
    factory.set_address_pool(pool)
    if permissions is not None:
        factory.set_permissions(permissions)
    if access_units is None:
        factory.set_launch(live_launch(args))
    else:
        factory.set_launch(file_launch(args))

        def on_media_configure(_factory, media):
            appsrc = media.get_element().get_child_by_name("src")
            feeder = FileFeeder(access_units, args.fps)
            appsrc.connect("need-data", feeder.on_need_data)

        factory.connect("media-configure", on_media_configure)
    return factory


def make_auth(args):
    """Auth with one user whose token carries ROLE; factories grant ROLE access.

    RTSPAuthMethod is in GstRtsp, not GstRtspServer; without the token role and the
    factory permissions every request is refused (PEERS.md).
    """
    token = GstRtspServer.RTSPToken()
    token.set_string(GstRtspServer.RTSP_TOKEN_MEDIA_FACTORY_ROLE, ROLE)
    auth = GstRtspServer.RTSPAuth()
    if args.auth == "digest":
        auth.add_digest(args.user, args.password, token)
        auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
    else:
        auth.add_basic(GstRtspServer.RTSPAuth.make_basic(args.user, args.password), token)
        auth.set_supported_methods(GstRtsp.RTSPAuthMethod.BASIC)
    permissions = GstRtspServer.RTSPPermissions()
    permissions.add_permission_for_role(ROLE, GstRtspServer.RTSP_PERM_MEDIA_FACTORY_ACCESS, True)
    permissions.add_permission_for_role(ROLE, GstRtspServer.RTSP_PERM_MEDIA_FACTORY_CONSTRUCT, True)
    return auth, permissions


def main(argv):
    args = parse_args(argv)
    Gst.init(None)
    access_units = load_access_units(args.file) if args.source == "file" else None
    protocols = protocols_flags(args.protocols)

    server = GstRtspServer.RTSPServer()
    server.set_address(BIND_ADDRESS)
    server.set_service(str(args.port))
    permissions = None
    if args.user is not None:
        auth, permissions = make_auth(args)
        server.set_auth(auth)

    mounts = server.get_mount_points()
    names = mount_names(args)
    pool = make_address_pool(args)
    for name in names:
        mounts.add_factory("/" + name, make_factory(args, access_units, permissions, protocols, pool))

    loop = GLib.MainLoop()
    if server.attach(None) == 0:
        print("FAILED cannot listen on %s:%d" % (BIND_ADDRESS, args.port), flush=True)
        return 2
    for signum in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_HIGH, signum, lambda *_: (loop.quit(), False)[1])
    detail = " aus=%d" % len(access_units) if access_units is not None else ""
    print("READY port=%d mounts=%s source=%s%s" % (server.get_bound_port(), ",".join(names), args.source, detail),
          flush=True)
    loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
