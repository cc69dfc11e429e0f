-- One database per service: no service reads another's. The portal's keeps its sessions.
CREATE DATABASE application;
CREATE DATABASE reporting;
CREATE DATABASE notifications;
CREATE DATABASE portal;
