-- The application user may create and use only the Liliflora schemas.
GRANT ALL PRIVILEGES ON `liliflora\_%`.* TO 'liliflora'@'%';
FLUSH PRIVILEGES;
