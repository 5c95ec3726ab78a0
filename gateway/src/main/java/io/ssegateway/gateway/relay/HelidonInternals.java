package io.ssegateway.gateway.relay;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The private fields and methods of Helidon 4.5.0 that the relay reaches by reflection, all looked up here: where
 * one is missing (another Helidon version) the lookup logs once what the gateway does without it, and the caller
 * falls back.
 */
final class HelidonInternals {
    private static final Logger LOGGER = Logger.getLogger(HelidonInternals.class.getName());

    private HelidonInternals() {
    }

    /** The accessible field {@code name} of the class named {@code className}, or null (logged at {@code level}). */
    static Field field(String className, String name, Level level, String without) {
        try {
            return field(Class.forName(className), name, level, without);
        } catch (ClassNotFoundException | RuntimeException e) {
            LOGGER.log(level, without, e);
            return null;
        }
    }

    /** The accessible field {@code name} of {@code type}, or null (logged at {@code level} with {@code without}). */
    static Field field(Class<?> type, String name, Level level, String without) {
        try {
            Field field = type.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOGGER.log(level, without, e);
            return null;
        }
    }

    /** The accessible no-argument method {@code name} of the class named {@code className}, or null (logged). */
    static Method method(String className, String name, Level level, String without) {
        try {
            Method method = Class.forName(className).getDeclaredMethod(name);
            method.setAccessible(true);
            return method;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOGGER.log(level, without, e);
            return null;
        }
    }
}
