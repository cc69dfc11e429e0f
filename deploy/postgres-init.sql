-- One database per service: no service reads another's.
CREATE DATABASE application;
CREATE DATABASE reporting;
CREATE DATABASE notifications;
