// Umbrella header for libnice (ICE) and the GLib/GObject calls its wrapper needs.
// Variadic GObject calls and GLib macros do not import into Swift; the inline
// functions below give them fixed signatures, prefixed CPeerCam_.
#ifndef CPEERCAM_NICE_SHIM_H
#define CPEERCAM_NICE_SHIM_H

#include <glib.h>
#include <glib-object.h>
#include <gio/gio.h>
#include <agent.h>
#include <address.h>
#include <candidate.h>
#include <interfaces.h>

static inline void CPeerCam_g_object_set_boolean(gpointer object, const char *property, gboolean value) {
    g_object_set(object, property, value, NULL);
}

static inline void CPeerCam_g_object_set_uint(gpointer object, const char *property, guint value) {
    g_object_set(object, property, value, NULL);
}

static inline void CPeerCam_g_object_set_string(gpointer object, const char *property, const char *value) {
    g_object_set(object, property, value, NULL);
}

static inline gboolean CPeerCam_g_object_get_boolean(gpointer object, const char *property) {
    gboolean value = FALSE;
    g_object_get(object, property, &value, NULL);
    return value;
}

/// g_signal_connect is a macro over g_signal_connect_data.
static inline gulong CPeerCam_g_signal_connect(gpointer instance, const char *signal, GCallback handler, gpointer data) {
    return g_signal_connect_data(instance, signal, handler, data, NULL, (GConnectFlags)0);
}

static inline guint CPeerCam_glib_major_version(void) { return glib_major_version; }
static inline guint CPeerCam_glib_minor_version(void) { return glib_minor_version; }

// Typed signal connections for the libnice signals the ICE wrapper listens to.
// Each handler type spells out the signal's C signature, so Swift passes a
// checked @convention(c) function instead of casting to GCallback.

typedef void (*CPeerCamNiceComponentStateChanged)(NiceAgent *agent, guint stream_id, guint component_id, guint state, gpointer user_data);
typedef void (*CPeerCamNiceCandidateGatheringDone)(NiceAgent *agent, guint stream_id, gpointer user_data);
typedef void (*CPeerCamNiceNewCandidateFull)(NiceAgent *agent, NiceCandidate *candidate, gpointer user_data);
typedef void (*CPeerCamNiceNewSelectedPairFull)(NiceAgent *agent, guint stream_id, guint component_id, NiceCandidate *local, NiceCandidate *remote, gpointer user_data);

static inline gulong CPeerCam_nice_connect_component_state_changed(NiceAgent *agent, CPeerCamNiceComponentStateChanged handler, gpointer data) {
    return g_signal_connect_data(agent, "component-state-changed", G_CALLBACK(handler), data, NULL, (GConnectFlags)0);
}

static inline gulong CPeerCam_nice_connect_candidate_gathering_done(NiceAgent *agent, CPeerCamNiceCandidateGatheringDone handler, gpointer data) {
    return g_signal_connect_data(agent, "candidate-gathering-done", G_CALLBACK(handler), data, NULL, (GConnectFlags)0);
}

static inline gulong CPeerCam_nice_connect_new_candidate_full(NiceAgent *agent, CPeerCamNiceNewCandidateFull handler, gpointer data) {
    return g_signal_connect_data(agent, "new-candidate-full", G_CALLBACK(handler), data, NULL, (GConnectFlags)0);
}

static inline gulong CPeerCam_nice_connect_new_selected_pair_full(NiceAgent *agent, CPeerCamNiceNewSelectedPairFull handler, gpointer data) {
    return g_signal_connect_data(agent, "new-selected-pair-full", G_CALLBACK(handler), data, NULL, (GConnectFlags)0);
}

/// G_PRIORITY_DEFAULT is a macro.
static inline gint CPeerCam_g_priority_default(void) { return G_PRIORITY_DEFAULT; }

#endif
