"""Writes gstreamer-*.sdp next to this file from GStreamer webrtcbin (Debian packages
gstreamer1.0-plugins-bad gstreamer1.0-nice gir1.2-gst-plugins-bad-1.0 python3-gi).

Not part of the build or of `make test`; run with the system python3. The offers are created
but never set as local descriptions, so webrtcbin gathers no candidates and its libnice agent
sends nothing on the network (libnice would otherwise start UPnP discovery).
"""
import pathlib

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstWebRTC", "1.0")
gi.require_version("GstSdp", "1.0")
from gi.repository import Gst, GstWebRTC  # noqa: E402

HERE = pathlib.Path(__file__).parent
Direction = GstWebRTC.WebRTCRTPTransceiverDirection
VIDEO = ("application/x-rtp,media=video,encoding-name=H264,payload=102,clock-rate=90000,"
         "packetization-mode=(string)1,profile-level-id=(string)42e01f,level-asymmetry-allowed=(string)1,"
         "rtcp-fb-nack=(boolean)true,rtcp-fb-nack-pli=(boolean)true,rtcp-fb-ccm-fir=(boolean)true")
AUDIO = "application/x-rtp,media=audio,encoding-name=OPUS,payload=111,clock-rate=48000,encoding-params=(string)2"


def offer(direction):
    pipeline = Gst.Pipeline.new()
    webrtc = Gst.ElementFactory.make("webrtcbin")
    webrtc.set_property("bundle-policy", GstWebRTC.WebRTCBundlePolicy.MAX_BUNDLE)
    pipeline.add(webrtc)
    pipeline.set_state(Gst.State.READY)
    for caps in (VIDEO, AUDIO):
        webrtc.emit("add-transceiver", direction, Gst.Caps.from_string(caps))
    promise = Gst.Promise.new()
    webrtc.emit("create-offer", None, promise)
    promise.wait()
    reply = promise.get_reply()
    text = reply.get_value("offer").sdp.as_text()
    pipeline.set_state(Gst.State.NULL)
    return text


Gst.init(None)
version = Gst.version_string()
for name, direction, note in [("gstreamer-recvonly-offer.sdp", Direction.RECVONLY, "webrtcbin recvonly H264+Opus offer"),
                              ("gstreamer-sendonly-offer.sdp", Direction.SENDONLY, "webrtcbin sendonly H264+Opus offer")]:
    header = f"# source: {version} (generated here by generate-gstreamer.py), {note}, max-bundle\n"
    (HERE / name).write_text(header + offer(direction), newline="")
