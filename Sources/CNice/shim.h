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

#endif
