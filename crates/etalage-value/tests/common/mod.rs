#![allow(dead_code)]
pub mod sim;
